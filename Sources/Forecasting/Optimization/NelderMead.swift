/// The Nelder–Mead downhill-simplex minimiser (Nelder & Mead 1965), with the dimension-adaptive
/// coefficients of Gao & Han (2012, *Computational Optimization and Applications* 51, 259–277).
///
/// Derivative-free, deterministic and allocation-free per iteration: the simplex, its function
/// values and the trial points live in buffers allocated once per ``minimize(start:steps:objective:)``
/// call, so the cost of a run is the objective's cost times the number of evaluations. It is the
/// optimiser R's `forecast::ets` uses for the state-space likelihood (Hyndman et al. 2002), which is
/// cheap to evaluate and not smooth enough at the parameter bounds for a gradient method to pay.
///
/// Constraints are the caller's business: map an unconstrained vector onto the feasible set, or return
/// `.infinity` for infeasible points (the simplex then contracts away from them). NaN is read as
/// `.infinity`.
public struct NelderMead: Sendable {
    /// Most objective evaluations one run may spend (initial simplex included).
    public var maxEvaluations: Int
    /// Convergence: a run stops when the spread of function values over the simplex,
    /// `f(worst) − f(best)`, is at most `functionTolerance · (1 + |f(best)|)`.
    public var functionTolerance: Double

    /// The outcome of one run.
    public struct Result: Sendable, Equatable {
        /// The best vertex found.
        public var point: [Double]
        /// The objective at ``point``.
        public var value: Double
        /// Objective evaluations spent.
        public var evaluations: Int
        /// Whether the tolerance was met before the evaluation cap.
        public var converged: Bool
    }

    /// Creates a minimiser.
    /// - Parameters:
    ///   - maxEvaluations: evaluation cap per run (≥ 1).
    ///   - functionTolerance: relative spread of simplex values at which a run stops.
    public init(maxEvaluations: Int = 1_000, functionTolerance: Double = 1e-10) {
        self.maxEvaluations = max(1, maxEvaluations)
        self.functionTolerance = functionTolerance
    }

    /// Minimises `objective` from `start`.
    ///
    /// The initial simplex is `start` plus `start + steps[i]·eᵢ` for each coordinate.
    /// - Parameters:
    ///   - start: starting point (its dimension is the problem's; an empty vector returns at once).
    ///   - steps: initial edge length per coordinate (same count as `start`; a zero is replaced by 1).
    ///   - objective: the function to minimise; it receives a buffer valid only for the call.
    /// - Returns: the best vertex, its value, the evaluations spent and whether the run converged.
    /// - Complexity: O(maxEvaluations · (cost of `objective` + d)) time plus O(d²) per iteration for the
    ///   centroid; O(d²) memory, allocated once.
    public func minimize(start: [Double], steps: [Double],
                         objective: (UnsafeBufferPointer<Double>) -> Double) -> Result {
        let d = start.count
        if d == 0 {
            let value = [Double]().withUnsafeBufferPointer { objective($0) }
            return Result(point: [], value: value.isNaN ? .infinity : value, evaluations: 1, converged: true)
        }
        // Gao & Han's coefficients reduce to the classic (1, 2, 0.5, 0.5) at d = 2 and keep the expansion
        // from overshooting in higher dimensions; d = 1 uses the classic ones (their shrink would be 0).
        let n = Double(max(d, 2))
        let reflection = 1.0
        let expansion = 1 + 2 / n
        let contraction = 0.75 - 1 / (2 * n)
        let shrink = 1 - 1 / n

        var simplexStorage = [Double](repeating: 0, count: (d + 1) * d)
        var valueStorage = [Double](repeating: .infinity, count: d + 1)
        var scratchStorage = [Double](repeating: 0, count: 4 * d)
        var evaluations = 0
        var converged = false
        var bestIndex = 0

        simplexStorage.withUnsafeMutableBufferPointer { simplex in
            valueStorage.withUnsafeMutableBufferPointer { values in
                scratchStorage.withUnsafeMutableBufferPointer { scratch in
                    let centroid = UnsafeMutableBufferPointer(rebasing: scratch[0..<d])
                    let reflected = UnsafeMutableBufferPointer(rebasing: scratch[d..<(2 * d)])
                    let expanded = UnsafeMutableBufferPointer(rebasing: scratch[(2 * d)..<(3 * d)])
                    let contracted = UnsafeMutableBufferPointer(rebasing: scratch[(3 * d)..<(4 * d)])

                    func evaluate(_ point: UnsafeMutableBufferPointer<Double>) -> Double {
                        evaluations += 1
                        let value = objective(UnsafeBufferPointer(point))
                        return value.isNaN ? .infinity : value
                    }
                    func vertex(_ i: Int) -> UnsafeMutableBufferPointer<Double> {
                        UnsafeMutableBufferPointer(rebasing: simplex[(i * d)..<((i + 1) * d)])
                    }

                    for i in 0...d {
                        let v = vertex(i)
                        for j in 0..<d { v[j] = start[j] }
                        if i > 0 {
                            let step = initialStep(steps, i - 1)
                            v[i - 1] += step == 0 ? 1 : step
                        }
                        values[i] = evaluate(v)
                    }

                    while evaluations < maxEvaluations {
                        // Best, worst and second-worst by one scan: cheaper than keeping the simplex sorted.
                        var best = 0, worst = 0
                        for i in 1...d {
                            if values[i] < values[best] { best = i }
                            if values[i] > values[worst] { worst = i }
                        }
                        if best == worst { worst = best == 0 ? 1 : 0 }
                        var second = best
                        for i in 0...d where i != worst {
                            if values[i] > values[second] { second = i }
                        }
                        bestIndex = best
                        let spread = values[worst] - values[best]
                        if spread <= functionTolerance * (1 + abs(values[best])) {
                            converged = true
                            break
                        }

                        for j in 0..<d { centroid[j] = 0 }
                        for i in 0...d where i != worst {
                            let v = vertex(i)
                            for j in 0..<d { centroid[j] += v[j] }
                        }
                        for j in 0..<d { centroid[j] /= Double(d) }

                        let w = vertex(worst)
                        for j in 0..<d { reflected[j] = centroid[j] + reflection * (centroid[j] - w[j]) }
                        let fReflected = evaluate(reflected)

                        if fReflected < values[best] {
                            for j in 0..<d { expanded[j] = centroid[j] + expansion * (reflected[j] - centroid[j]) }
                            let fExpanded = evaluate(expanded)
                            if fExpanded < fReflected {
                                for j in 0..<d { w[j] = expanded[j] }
                                values[worst] = fExpanded
                            } else {
                                for j in 0..<d { w[j] = reflected[j] }
                                values[worst] = fReflected
                            }
                            continue
                        }
                        if fReflected < values[second] {
                            for j in 0..<d { w[j] = reflected[j] }
                            values[worst] = fReflected
                            continue
                        }
                        // Contract: outside when the reflection beat the worst vertex, inside otherwise.
                        let outside = fReflected < values[worst]
                        for j in 0..<d {
                            let towards = outside ? reflected[j] : w[j]
                            contracted[j] = centroid[j] + contraction * (towards - centroid[j])
                        }
                        let fContracted = evaluate(contracted)
                        if fContracted < (outside ? fReflected : values[worst]) {
                            for j in 0..<d { w[j] = contracted[j] }
                            values[worst] = fContracted
                            continue
                        }
                        // Shrink every vertex towards the best.
                        let b = vertex(best)
                        for i in 0...d where i != best {
                            let v = vertex(i)
                            for j in 0..<d { v[j] = b[j] + shrink * (v[j] - b[j]) }
                            values[i] = evaluate(v)
                        }
                    }
                    for i in 0...d where values[i] < values[bestIndex] { bestIndex = i }
                }
            }
        }
        let point = Array(simplexStorage[(bestIndex * d)..<((bestIndex + 1) * d)])
        return Result(point: point, value: valueStorage[bestIndex], evaluations: evaluations, converged: converged)
    }

    /// `steps[i]`, or 1 when `steps` is too short (a caller slip must not trap).
    private func initialStep(_ steps: [Double], _ i: Int) -> Double {
        i < steps.count && steps[i].isFinite ? steps[i] : 1
    }
}
