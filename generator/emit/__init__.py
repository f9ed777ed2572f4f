"""From the model to files: literals, typed views, Jinja rendering, formatting, the writer."""
