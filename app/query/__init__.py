"""Read-side queries. Every SELECT the API runs lives here; the routers only shape HTTP."""
