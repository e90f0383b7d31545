"""Records: one class a kind, their fields, dates, currencies and the words they are found by."""
