"""leadgen: typed, vendorable Python clients from OpenAPI specs."""

__version__ = "0.1.0"

__all__ = ["__version__"]
