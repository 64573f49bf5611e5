import ArgumentParser
import CommandLineSupport
import Foundation
import RNNKit

/// `char-rnn train`: train a model on a text file (or the built-in names corpus).
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a character-level language model; checkpoints go to --checkpoint-dir.",
        discussion: """
            The first 90% of the characters train and the last 10% validate (--validation sets the share). Training reads B \
            parallel streams with truncated BPTT and the state carried between chunks; validation \
            streams over the whole validation part the same way (mean cross-entropy per character). At each evaluation \
            `train` is the mean training loss of the updates since the previous one. Without a limit \
            (--max-steps, --max-epochs, --time-budget, --patience) a run stops after 10 epochs, and a resumed \
            one where its run would have stopped. Ctrl-C (SIGINT) or SIGTERM stops the run after its current update, or abandons the evaluation \
            in progress, and writes latest.safetensors, to continue with --resume; a second one ends it at once. \
            Without --data, a short demonstration run trains on corpora/census1990-surnames.txt \
            (hidden 128, sequence 50, 1500 steps: about a minute in a release build on 2 cores) and prints a few samples.
            """)

    @Option(help: "The text to train on (UTF-8, or any file with --encoding bytes), - for standard input. (default: the built-in names corpus)",
            transform: InputName.resolved)
    var data: String?
    @Option(help: ArgumentHelp(
        "How the data becomes tokens: utf8 (each Unicode scalar of UTF-8 text is one) or bytes (each byte is one, as in Karpathy's char-rnn). "
            + "(default: utf8, or the checkpoint's with --resume or --init-from)",
        discussion: "bytes reads any file: text in Latin-1, Windows-1252 or UTF-16, or binary data. A UTF-8 character outside ASCII is then "
            + "several tokens, and the losses are per byte. The checkpoint records the encoding, which sample, evaluate and --resume use."))
    var encoding: TextEncoding?
    @Option(help: "Continue the run of this checkpoint exactly (model and training settings come from it), or of a run's folder, whose latest.safetensors it takes.", transform: FileName.model)
    var resume: String?
    @Option(name: .customLong("init-from"), help: ArgumentHelp(
        "Start a new run from the weights in this file instead of random ones, or in a run's folder, whose best.safetensors it takes.",
        discussion: "A char-rnn checkpoint (the data may use only its characters), or a PyTorch state_dict saved with safetensors "
            + "(embed.weight, rnn.weight_ih_l0, …, head.bias; rows in the order of the data's sorted characters). The model's "
            + "shape comes from the file, so --cell, --hidden, --layers, --embedding, --no-bias and --projection are not given. "
            + "Steps, optimizer and data position start anew."), transform: FileName.model)
    var initFrom: String?

    @Option(help: "Recurrent cell: lstm, gru or rnn. (default: lstm)") var cell: CellKind?
    @Option(parsing: .unconditional, help: "Hidden size H. (default: 256)") var hidden: Int?
    @Option(parsing: .unconditional, help: "Recurrent layers. (default: 2)") var layers: Int?
    @Option(parsing: .unconditional, help: "Dropout between layers, in [0, 1). (default: 0)") var dropout: Double?
    @Option(parsing: .unconditional, help: "Embedding size E. (default: the hidden size)") var embedding: Int?
    @Flag(name: .customLong("no-bias"), help: "Recurrent layers without biases (PyTorch's bias=False); the output layer keeps its bias.")
    var noBias = false
    @Option(parsing: .unconditional, help: "P < H: project each LSTM layer's output to P (PyTorch's proj_size). (default: none)")
    var projection: Int?
    @Option(name: .customLong("seq-length"), parsing: .unconditional, help: "k1: characters per update of each stream. (default: 100)") var seqLength: Int?
    @Option(name: .customLong("bptt-window"), parsing: .unconditional, help: "k2 ≥ k1: steps each update backpropagates through. (default: k1)") var bpttWindow: Int?
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "B: parallel streams. (default: 32)") var batchSize: Int?
    @Option(help: "adam, adamw, rmsprop, sgd or adagrad. (default: adam)") var optimizer: OptimizerSettings.Kind?
    @Option(parsing: .unconditional, help: "Learning rate. (default: 0.002)") var lr: Double?
    @Option(help: ArgumentHelp("constant, cosine (to 0 at --max-steps), step, multistep (at --milestones), exponential, plateau, onecycle "
        + "or linear (from --start-factor to --end-factor). (default: constant)",
        discussion: "onecycle is PyTorch's OneCycleLR over --max-steps: up from --lr/25 "
            + "to --lr over the first 30% of the steps, then a cosine down to --lr/250000, the momentum (Adam's β1) from 0.95 to 0.85 and back.")) var schedule: ScheduleSettings.Kind?
    @Option(parsing: .unconditional, help: "Warmup steps for --schedule cosine. (default: 0)") var warmup: Int?
    @Option(name: .customLong("decay-every"), parsing: .unconditional, help: "Steps between decays for --schedule step. (default: 1000)") var decayEvery: Int?
    @Option(parsing: .unconditional, help: "Decay factor for step, multistep, exponential and plateau schedules. (default: 0.5)") var gamma: Double?
    @Option(parsing: .unconditional, help: "Steps at which --schedule multistep multiplies the rate by --gamma, increasing, separated by commas (1000,2500).")
    var milestones: String?
    @Option(name: .customLong("start-factor"), parsing: .unconditional, help: "Factor of --lr at the first step for --schedule linear, in (0, 1]. (default: 1/3)")
    var startFactor: Double?
    @Option(name: .customLong("end-factor"), parsing: .unconditional, help: "Factor of --lr from --linear-steps on for --schedule linear, in [0, 1]. (default: 1)")
    var endFactor: Double?
    @Option(name: .customLong("linear-steps"), parsing: .unconditional, help: "Steps over which --schedule linear moves from --start-factor to --end-factor. (default: --max-steps)")
    var linearSteps: Int?
    @Option(name: .customLong("weight-decay"), parsing: .unconditional, help: "Weight decay. (default: the optimizer's: 0, or 0.01 for adamw)") var weightDecay: Double?
    @Option(name: .customLong("clip-norm"), parsing: .unconditional, help: "Clip the global gradient norm; 0 for none. (default: 5)") var clipNorm: Double?
    @Option(name: .customLong("clip-value"), parsing: .unconditional, help: "Clamp every gradient element to ±value. (default: none)") var clipValue: Double?
    @Option(parsing: .unconditional, help: "Random seed. (default: 0)") var seed: UInt64?
    @Option(parsing: .unconditional, help: "Fraction of the text, at its end, held out for validation, in (0, 1). (default: 0.1)")
    var validation: Double?

    @Option(name: .customLong("max-epochs"), parsing: .unconditional,
            help: "Stop after this many epochs (counted from the start of the run). (default: 10 when no limit is given; with --resume, the run's own limits)")
    var maxEpochs: Int?
    @Option(name: .customLong("max-steps"), parsing: .unconditional, help: "Stop after this many updates (counted from the start of the run).") var maxSteps: Int?
    @Option(name: .customLong("time-budget"), parsing: .unconditional, help: "Stop after this many seconds of training (evaluations excluded; counted from the start of the run).") var timeBudget: Double?
    @Option(name: .customLong("eval-every"), parsing: .unconditional, help: "Evaluate every N updates, or every N seconds of training with a suffix s (e.g. 60s). (default: 250, or the checkpoint's with --resume)")
    var evalEvery: String?
    @Option(parsing: .unconditional, help: "Stop after this many evaluations without a new best validation loss.") var patience: Int?
    @Option(name: .customLong("checkpoint-dir"),
            help: "Folder for latest.safetensors and best.safetensors, created if missing. (default: checkpoints, or the resumed checkpoint's folder)",
            transform: FileName.utf8)
    var checkpointDir: String?
    @Option(parsing: .unconditional,
            help: "Compute threads (RNNKit splits large products and the batch of each recurrent layer across them). (default: 2, or the resumed run's, on which it resumes exactly)")
    var threads: Int?

    @Flag(help: Overwrite.help(replacing: "the checkpoints another run left in --checkpoint-dir")) var overwrite = false
    @Flag(help: "No progress on standard error (and no samples after a built-in run); warnings, errors and a stop on a signal still show.") var quiet = false
    @Option(help: "Write one JSON object per evaluation to this file (JSON lines; - for standard output).", transform: FileName.given) var log: String?
    @Option(help: "Draw the training and validation loss curves to this SVG file (\(OutputName.svgNames)).", transform: FileName.given) var plot: String?

    /// The flags that set the model's shape, each with whether it was given.
    var shapeFlags: [(name: String, given: Bool)] {
        [("--cell", cell != nil), ("--hidden", hidden != nil), ("--layers", layers != nil), ("--embedding", embedding != nil),
         ("--no-bias", noBias), ("--projection", projection != nil)]
    }

    /// The checks of single flags, made by the parser: a usage error (exit 64) as in the other subcommands.
    func validate() throws {
        if let threads { try ThreadCount.require(threads) }
        try OutputName.requireSVG(plot, flag: "--plot")
    }

    func run() throws {
        keepFreedMemoryForReuse()
        let job = try TrainingJob(self)
        setComputeThreads(job.threads)
        try job.run(display: TrainingDisplay(quiet: quiet, log: log.map(OutputName.resolved), plot: plot.map(OutputName.resolved)))
    }
}
