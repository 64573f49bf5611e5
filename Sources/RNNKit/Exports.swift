// RNNKit: recurrent modules and backpropagation through time on the RNNCore
// tape. Importing RNNKit brings in the core (tensors, autodiff, layers,
// losses, optimizers) and the data loaders.
@_exported import RNNCore
@_exported import SequenceData
