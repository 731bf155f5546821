"""diploterm: a Spanish-English glossary and translation memory for diplomacy."""

__version__ = "0.1.0"
