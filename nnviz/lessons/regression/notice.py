"""The lesson's closing hint, for the data in front of the learner."""

from nnviz.data import tabular

_TOPOLOGY_HINT = (
    "Much bigger layouts fit the training rows ever better while the validation error stops "
    "improving. Without normalization the same settings learn far more slowly, or blow up.")
WHAT_TO_NOTICE = {
    tabular.HOUSES: (
        "What to notice: a network with no hidden layer is a straight weighted sum, and on the "
        "houses it cannot follow how location and age bend the price; one hidden layer fixes "
        "most of that. " + _TOPOLOGY_HINT),
    tabular.DIABETES: (
        "What to notice: with a few hundred patients, validation error is noisy and a big "
        "network overfits quickly; compare a straight weighted sum (no hidden layer) with one "
        "small hidden layer. " + _TOPOLOGY_HINT),
    tabular.UPLOAD: (
        "What to notice: compare no hidden layer (a straight weighted sum of your columns) with "
        "one hidden layer: if the hidden layer does clearly better on the validation rows, your "
        "target bends in ways a weighted sum cannot follow. " + _TOPOLOGY_HINT),
}
