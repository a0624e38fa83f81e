"""The ``kg`` command's commands, one module each (kg.cli loads them when they are asked for)."""
