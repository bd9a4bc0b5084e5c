"""The learned event classifier (optional extra ``dyad[ml]``): frozen MiniLM features of a sentence
with its source and target marked, a calibrated softmax head, and the ``learned`` / ``hybrid``
backends that use it. Importing this package needs neither torch nor the model; see
:mod:`dyad.learn.backend` for the registered names and :mod:`dyad.learn.recipe` for training.
"""
