"""Alignment: quoted spans with their renderings, sentences of parallel documents."""
