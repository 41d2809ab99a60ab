"""The upload limit, one number: documents, the model and scenario workbooks and the
``evaluate model.xlsx`` command read it, and the form label and the page say it.

A constant, not a setting: the pure code that enforces it (reference.uploads,
reference.xlsx_safety, applications.xlsx_model) runs without Django settings.
"""

MB = 1024 * 1024
#: The largest file accepted, in megabytes (the form and the messages say it so).
MAX_UPLOAD_MB = 25
MAX_UPLOAD_SIZE = MAX_UPLOAD_MB * MB
