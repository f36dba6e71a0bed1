"""Spreadsheet exports (Excel .xlsx and CSV) of what the consoles and the statistics show: the same
rows, filters and visibility as the list or report they come from (see README, "Exports")."""
