// RNNKit: recurrent modules and backpropagation through time on the RNNCore
// tape. Importing RNNKit brings in the core (tensors, autodiff, layers,
// losses, optimizers), the data loaders, and the file reading they share
// (with `StreamName`, what messages call standard input and output).
@_exported import FileReading
@_exported import RNNCore
@_exported import SequenceData
