"""CSV imports: one module per format, plus detection, staging checks, the commit and undo.

Every row read is imported, recognised as a duplicate, or rejected with its line number and a reason.
"""
