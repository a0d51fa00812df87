"""SQL for the figures pages and reports show; one module per subject."""
