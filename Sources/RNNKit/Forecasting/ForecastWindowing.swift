/// Cuts a transformed, scaled series z into network inputs and targets
/// relative to a base value, and maps predictions back to z.
///
/// A window with origin t reads z[t−L ..< t] and predicts z[t ..< t+k]. Inputs
/// are `z[t−L+j] − z[t−1]` (or `z[t−L+j]` in ``TargetMode/level`` mode), so
/// the network sees shapes, not levels; with calendar features, each step j also carries those of the date of position
/// t−L+j+1, the step it precedes (as DeepAR aligns its time features), so the last step carries the date of z[t], the
/// first step predicted (and, the dates being regular, with it the dates of all k). Target step h is `z[t+h] − z[b(t, h)]`
/// with b the last value (``TargetMode/change``) or the same position in the
/// last observed season (``TargetMode/seasonalChange``): a zero output is the
/// naive or seasonal-naive forecast.
struct ForecastWindowing: Sendable {
    /// L.
    let lookback: Int
    /// m.
    let season: Int
    let mode: TargetMode
    /// k, the steps one network call predicts (1 recursive, H direct).
    let steps: Int

    /// The first origin with a full lookback and base.
    var firstOrigin: Int { Swift.max(lookback, mode == .seasonalChange ? season : 1) }

    /// The index of the base value of step h from origin t, or nil in level mode.
    func baseIndex(origin t: Int, step h: Int) -> Int? {
        switch mode {
        case .level: return nil
        case .change: return t - 1
        case .seasonalChange: return t + h - season * (h / season + 1)
        }
    }

    /// The input of origin t: [L], or with `calendar` [L, 1 + 2C], step j the value, then the features of the date at
    /// position t−L+j+1, where z[i] is at position i + `shift` (a path's copy of the end of a history is shifted).
    func input(_ z: [Double], origin t: Int, calendar: CalendarRows? = nil, shift: Int = 0) -> [Float] {
        var x: [Float] = []
        x.reserveCapacity(inputSize(calendar))
        appendInput(z, origin: t, calendar: calendar, shift: shift, to: &x)
        return x
    }

    /// The floats of one window's input: L, or L · (1 + 2C) with `calendar`.
    func inputSize(_ calendar: CalendarRows?) -> Int { lookback * (1 + (calendar?.width ?? 0)) }

    /// Appends ``input(_:origin:calendar:shift:)`` to `x`, so that a batch of windows is built in one array.
    func appendInput(_ z: [Double], origin t: Int, calendar: CalendarRows?, shift: Int = 0, to x: inout [Float]) {
        let anchor = mode == .level ? 0 : z[t - 1]
        for j in 0..<lookback {
            x.append(Float(z[t - lookback + j] - anchor))
            if let calendar { x.append(contentsOf: calendar.row(shift + t - lookback + j + 1)) }
        }
    }

    /// The inputs of the origins, one window after the other: [W, L] ([W, L, 1 + 2C] with `calendar`), flattened.
    func inputs(_ z: [Double], origins: [Int], calendar: CalendarRows?) -> [Float] {
        var x: [Float] = []
        x.reserveCapacity(origins.count * inputSize(calendar))
        for t in origins { appendInput(z, origin: t, calendar: calendar, to: &x) }
        return x
    }

    /// The base values of origin t. [k]
    func bases(_ z: [Double], origin t: Int) -> [Double] {
        (0..<steps).map { h in baseIndex(origin: t, step: h).map { z[$0] } ?? 0 }
    }

    /// The training target of origin t (needs z up to t + k). [k]
    func target(_ z: [Double], origin t: Int) -> [Float] {
        let b = bases(z, origin: t)
        return (0..<steps).map { Float(z[t + $0] - b[$0]) }
    }

    /// Inputs [W, L] ([W, L, 1 + 2C] with `calendar`) and targets [W, k] of the origins, flattened.
    func batch(_ z: [Double], origins: [Int], calendar: CalendarRows? = nil) -> (inputs: [Float], targets: [Float]) {
        (inputs(z, origins: origins, calendar: calendar), origins.flatMap { target(z, origin: $0) })
    }

    /// The origins whose targets lie in `0 ..< end`, from the first with a full history.
    func origins(through end: Int, from start: Int = 0) -> [Int] {
        let first = Swift.max(firstOrigin, start), last = end - steps
        return first <= last ? Array(first...last) : []
    }
}
