/// Derivative-free minimization (Nelder & Mead 1965, standard coefficients).
public enum NelderMead {
    /// Minimizes `f` from `start` with an initial simplex of side `step`.
    /// - Returns: the best point and its value.
    public static func minimize(_ f: ([Double]) -> Double, from start: [Double], step: Double,
                                iterations: Int) -> (point: [Double], value: Double) {
        let d = start.count
        var simplex = [start] + (0..<d).map { i in var p = start; p[i] += step; return p }
        var values = simplex.map(f)
        for _ in 0..<iterations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if Swift.abs(values[d] - values[0]) <= 1e-10 * (Swift.abs(values[0]) + 1e-12) { break }
            let centroid = (0..<d).map { k in simplex[0..<d].reduce(0) { $0 + $1[k] } / Double(d) }
            func along(_ t: Double) -> [Double] { (0..<d).map { centroid[$0] + t * (simplex[d][$0] - centroid[$0]) } }
            let r = along(-1), fr = f(r)
            if fr < values[0] {
                let e = along(-2), fe = f(e)
                (simplex[d], values[d]) = fe < fr ? (e, fe) : (r, fr)
            } else if fr < values[d - 1] {
                (simplex[d], values[d]) = (r, fr)
            } else {
                let c = fr < values[d] ? along(-0.5) : along(0.5), fc = f(c)
                if fc < Swift.min(fr, values[d]) {
                    (simplex[d], values[d]) = (c, fc)
                } else {
                    for i in 1...d {
                        simplex[i] = (0..<d).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = f(simplex[i])
                    }
                }
            }
        }
        let i = values.indices.min { values[$0] < values[$1] }!
        return (simplex[i], values[i])
    }
}
