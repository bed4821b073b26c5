"""Moving training data in and out: imports of other apps' exports (``/v1/imports``) and the
export of the caller's log (``/v1/exports``). The file formats themselves are the pure
``training.imports`` package."""
