/// The version of the RNNKit package: the library and its `char-rnn` and `forecast` commands, which print it for
/// `--version`. Semantic versioning; `-dev` marks code between releases. Record it with results or in a bug report,
/// as one quotes `torch.__version__`.
public let rnnKitVersion = "0.1.0-dev"
