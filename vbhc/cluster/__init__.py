"""Batches on a Dask distributed cluster (``vbhc merge … --dask tcp://scheduler:8786``)."""
