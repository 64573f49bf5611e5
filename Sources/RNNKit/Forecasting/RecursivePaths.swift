import Requirements

/// One network's recursive paths from a set of histories, advanced a step at a time: each step runs the network on
/// every path's last L values (one batch of P paths) and appends its prediction, plus, for sample paths, a draw of
/// the noise it predicts (``OutputHead/noise(_:step:generator:)``), drawn path by path.
///
/// A step may run the network's recurrent stack on chunks of the paths side by side (``inputs(_:)``, ``PathChunks``)
/// and its head on all of them (``append(_:generator:)``): the stack's rows do not depend on the chunk they run in,
/// while the head's small product may round differently for a different number of rows.
struct RecursivePaths {
    private let windowing: ForecastWindowing
    private let head: OutputHead
    /// The calendar rows up to the histories' end + H − 1; nil without calendar features.
    private let calendar: CalendarRows?
    /// The values each path keeps of its history, ``ForecastWindowing/firstOrigin``.
    private let kept: Int
    /// Each path's last `kept` history values, then the values of the steps taken. [P][kept + steps]
    private var paths: [[Double]]
    /// The position of each path's first value in its series (and in `calendar`). [P]
    private let shifts: [Int]

    /// Paths from `histories` [P], slices of a series whose indices are their positions in `calendar`, each of at least
    /// ``ForecastWindowing/firstOrigin`` values (only that many of the last are copied).
    init(_ histories: [ArraySlice<Double>], windowing: ForecastWindowing, head: OutputHead, calendar: CalendarRows?) {
        let kept = windowing.firstOrigin
        require(histories.allSatisfy { $0.count >= kept }, "RecursivePaths: a history shorter than \(kept) values")
        (self.windowing, self.head, self.calendar, self.kept) = (windowing, head, calendar, kept)
        paths = histories.map { Array($0.suffix(kept)) }
        shifts = histories.map { $0.endIndex - kept }
    }

    /// P, the paths.
    var count: Int { paths.count }
    /// The steps taken.
    var steps: Int { paths.first.map { $0.count - kept } ?? 0 }
    /// The values of the steps taken. [P][steps]
    var values: [[Double]] { paths.map { Array($0.dropFirst(kept)) } }

    /// Takes one step of every path with `net`, all in one batch; with a generator, each path adds its noise.
    mutating func step(_ net: ForecastNetwork, generator: inout SeededGenerator?) {
        append(net.predict(inputs(paths.indices), batch: paths.count), generator: &generator)
    }

    /// The network's inputs for the next step of paths `rows`: their windows. [rows·L·I]
    func inputs(_ rows: Range<Int>) -> [Float] {
        var x: [Float] = []
        x.reserveCapacity(rows.count * windowing.inputSize(calendar))
        for p in rows { windowing.appendInput(paths[p], origin: paths[p].count, calendar: calendar, shift: shifts[p], to: &x) }
        return x
    }

    /// Ends a step: appends to each path its prediction from row p of the network's `outputs` [P, outputs], plus, with a
    /// generator, a draw of its noise, drawn in the order of the paths.
    mutating func append(_ outputs: Tensor<Float>, generator: inout SeededGenerator?) {
        require(outputs.rows == paths.count, "RecursivePaths.append: \(outputs.rows) rows for \(paths.count) paths")
        let w = windowing, width = outputs.cols
        outputs.withUnsafeBufferPointer { all in
            for i in paths.indices {
                let row = UnsafeBufferPointer(rebasing: all[(i * width)..<((i + 1) * width)])
                let base = w.bases(paths[i], origin: paths[i].count)[0]
                var next = base + head.point(row, step: 0)
                if generator != nil { next += head.noise(row, step: 0, generator: &generator!) }
                paths[i].append(next)
            }
        }
    }
}
