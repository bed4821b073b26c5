"""Records and analytics of the training log (read only): records, an exercise's
history, volume and the summary. Reads in a short transaction, computes after it with
``training.science``."""
