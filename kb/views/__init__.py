"""The knowledge base's pages: the citizens' FAQ (public), the staff search, the editors' pages."""
