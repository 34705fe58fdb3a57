"""One module per raw source; each exposes ``DATASET`` (see :mod:`borderlever.data.registry`)."""
