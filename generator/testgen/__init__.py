"""The tests written into each generated package."""
