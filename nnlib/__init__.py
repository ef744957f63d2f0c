"""nnlib: the reusable code of the neural-network teaching notebooks.

The modules follow the order of the lessons:

- :mod:`nnlib.data`: the fixed classroom data sets;
- :mod:`nnlib.least_squares`: the reference straight-line fit;
- :mod:`nnlib.linear`: the one-layer linear network and its training;
- :mod:`nnlib.activations`: the sigmoid and its slope;
- :mod:`nnlib.classifier`: the one-layer sigmoid classifier;
- :mod:`nnlib.printing`: numbers as fixed-precision text;
- :mod:`nnlib.plotting`: figures (imports matplotlib when used);
- :mod:`nnlib.explorers`: slider widgets (imports ipywidgets when used).

Importing nnlib imports numpy only and changes no global state.
"""

from nnlib import activations, classifier, data, least_squares, linear, printing

__all__ = [
    "activations",
    "classifier",
    "data",
    "least_squares",
    "linear",
    "printing",
]
__version__ = "0.1.0"
