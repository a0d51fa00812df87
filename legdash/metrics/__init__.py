"""SQL for the figures pages and reports show; one module per subject."""


class FilterError(ValueError):
    """A filter a person chose that the figures cannot use (bad dates, unknown segment...)."""
