"""Workflows: the steps a command takes, on top of the readers, the register and the writers."""
