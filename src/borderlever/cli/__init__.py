"""The ``borderlever`` command line (Typer); one module per command group."""
