"""One module per exchange format, each a read/write pair over the model types."""
