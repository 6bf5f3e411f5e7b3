"""Heavy documents (PDFs, Word files, board reports) rendered off the request path by a worker,
kept per content version as files and served from there. See ``documents.store``."""
