import Foundation

/// Maximum-likelihood fitting of one ETS form (Hyndman et al. 2002, §2.6; FPP3 §8.6): minimises
/// `n·log Σe² (+ 2·Σ log μ)` over the smoothing parameters, φ and the initial states with
/// ``NelderMead``.
///
/// The search runs in an unconstrained space mapped onto the usual bounds, so every simplex vertex is
/// admissible and no penalty cliff distorts the simplex:
/// `α = a + (b − a)·σ(u₁)`, `β = a + (α − a)·σ(u₂)`, `γ = a + (1 − 2a − α)·σ(u₃)`,
/// `φ = 0.8 + 0.18·σ(u₄)`, with σ the logistic function and `a = 1e-4`, `b = 1 − 1e-4`. Initial states
/// are offsets from the ``ETSInitialization`` start in units of the series' typical step, so all
/// coordinates have comparable scales.
///
/// For the linear forms (additive errors, no multiplicative season) the initial level and trend are not
/// searched at all: Σe² is quadratic in them, so each likelihood evaluation solves for them exactly
/// (``ETSFilter/runProfiled(_:parameters:level:trend:seasonal:responses:)``). That takes two dimensions
/// off the simplex — ETS(A,N,N) becomes a one-dimensional search — which is where most of the speed of
/// the automatic selection comes from.
///
/// Seasonal initial states are optimised (m − 1 free, the m-th fixed by normalisation) for cycles up to
/// ``longestOptimisedSeason``; longer cycles keep their decomposition values — 51 extra dimensions would
/// multiply the cost many times over for little gain on two or three cycles of data. They are still
/// counted as estimated parameters in the AICc.
///
/// Deterministic: two fixed starting points (or a caller's warm start and one fixed point), then one
/// restart of the simplex from the better optimum (the standard remedy for a simplex that collapsed
/// early).
struct ETSEstimator {
    /// Open-interval margin of the smoothing parameters.
    static let lowerBound = 1e-4
    /// Upper end of α.
    static let upperBound = 1 - 1e-4
    /// Damping range (FPP3 §8.6: φ below 0.8 damps too hard, above 0.98 is indistinguishable from 1).
    static let phiRange = 0.8...0.98
    /// Longest cycle whose initial seasonal states are optimised rather than taken from the
    /// decomposition.
    static let longestOptimisedSeason = 12

    /// A starting point of the search: smoothing parameters and, optionally, initial states.
    struct StartingPoint {
        var alpha: Double
        var beta: Double
        var gamma: Double
        var phi: Double
        /// Initial states to start from (nil: the heuristic start).
        var state: ETSState?
    }

    /// Default starting smoothing parameters (β as a share of α, γ of 1 − α, as the bounds nest).
    /// The first is close to forecast::ets's default start (little smoothing), the second lets the
    /// simplex reach the fast-adapting corner.
    private static let startingPoints = [
        StartingPoint(alpha: 0.15, beta: 0.15 * 0.10, gamma: 0.85 * 0.05, phi: 0.95),
        StartingPoint(alpha: 0.60, beta: 0.60 * 0.30, gamma: 0.40 * 0.30, phi: 0.90),
    ]

    let spec: ETSSpec
    /// Periods per cycle; 1 for non-seasonal forms.
    let seasonLength: Int
    let optimiseSeasonalStates: Bool
    /// The caller's choice (kept for the fitted model's same-form refits).
    let requestedSeasonalStateSearch: Bool
    /// Whether the initial level and trend are solved for rather than searched.
    let profiled: Bool
    private let filter: ETSFilter

    // Coordinates of the search vector (-1 when absent).
    private let betaIndex: Int
    private let gammaIndex: Int
    private let phiIndex: Int
    private let levelIndex: Int
    private let trendIndex: Int
    private let seasonalIndex: Int
    private let dimension: Int

    /// Prepares a fit of `spec`.
    /// - Parameters:
    ///   - spec: the form.
    ///   - seasonLength: periods per cycle (≥ 2 for seasonal forms).
    ///   - optimisesSeasonalStates: search the initial seasonal states of cycles up to
    ///     ``longestOptimisedSeason`` (`false`: keep the decomposition's, as for longer cycles).
    init(spec: ETSSpec, seasonLength: Int, optimisesSeasonalStates: Bool = true) {
        self.spec = spec
        let m = spec.isSeasonal ? max(2, seasonLength) : 1
        self.seasonLength = m
        optimiseSeasonalStates = spec.isSeasonal && m <= Self.longestOptimisedSeason && optimisesSeasonalStates
        requestedSeasonalStateSearch = optimisesSeasonalStates
        filter = ETSFilter(spec: spec, seasonLength: m)
        profiled = filter.canProfileInitialStates
        var next = 1  // coordinate 0 is α
        func claim(_ present: Bool, _ width: Int = 1) -> Int {
            guard present else { return -1 }
            defer { next += width }
            return next
        }
        betaIndex = claim(spec.hasTrend)
        gammaIndex = claim(spec.isSeasonal)
        phiIndex = claim(spec.trend == .additiveDamped)
        levelIndex = claim(!profiled)
        trendIndex = claim(!profiled && spec.hasTrend)
        seasonalIndex = claim(optimiseSeasonalStates, m - 1)
        dimension = next
    }

    /// Fits the form to `y` by maximum likelihood.
    /// - Parameters:
    ///   - y: finite observations, at least `spec.minimumLength(seasonLength:)` of them, strictly positive
    ///     if the form is multiplicative, not constant (callers check all four).
    ///   - warmStart: a fit of a form with the same trend and season (typically the additive-error twin
    ///     of a multiplicative-error form) to start from instead of the second default point.
    ///   - notes: remarks carried into the fitted model.
    /// - Returns: the fitted model.
    /// - Throws: ``ForecastError`` when no admissible parameters were found (possible only for forms
    ///   with a multiplicative component, on series with abrupt drops).
    /// - Complexity: O(E·(n + m)) time for E objective evaluations (capped at 150 + 60·d per simplex run
    ///   for d searched coordinates, three runs); O(n + m) memory, none of it allocated inside the
    ///   optimiser's loop.
    func fit(_ y: [Double], warmStart: FittedETS? = nil, notes: [String] = []) throws -> FittedETS {
        let n = y.count
        let m = seasonLength
        let start = ETSInitialization.start(y, spec: spec, seasonLength: m)
        let scales = Scales(y, start: start, multiplicativeSeason: spec.season == .multiplicative)
        // 1e-8 of the criterion (n·log Σe², in the hundreds) is ~1e-5 of log-likelihood: far below
        // anything that changes a model choice or a forecast.
        let optimiser = NelderMead(maxEvaluations: 150 + 60 * dimension, functionTolerance: 1e-8)
        var points = Self.startingPoints
        var warmStart = warmStart
        if warmStart == nil && spec.error == .multiplicative && spec.season != .multiplicative {
            // The additive-error twin is linear, so its fit (initial states solved exactly) is cheap and
            // lands close to this form's optimum: the two likelihoods differ only by the error scaling.
            let twin = ETSSpec(error: .additive, trend: spec.trend, season: spec.season)
            warmStart = try? ETSEstimator(spec: twin, seasonLength: m, optimisesSeasonalStates: requestedSeasonalStateSearch).fit(y)
        }
        if let warm = warmStart, warm.spec.trend == spec.trend, warm.spec.season == spec.season,
           warm.seasonLength == m {
            points[1] = StartingPoint(alpha: warm.parameters.alpha, beta: warm.parameters.beta ?? 0,
                                      gamma: warm.parameters.gamma ?? 0, phi: warm.parameters.phi ?? 0.95,
                                      state: warm.initialState)
        }

        var best = NelderMead.Result(point: [], value: .infinity, evaluations: 0, converged: false)
        var evaluations = 0
        y.withUnsafeBufferPointer { observations in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * m) { scratch in
                let ring = UnsafeMutableBufferPointer(rebasing: scratch[0..<m])
                let responses = UnsafeMutableBufferPointer(rebasing: scratch[m..<(3 * m)])
                func criterion(_ x: UnsafeBufferPointer<Double>) -> Double {
                    let coefficients = decodeCoefficients(x)
                    if spec.isSeasonal { fillSeasonal(ring, start: start.seasonal, x: x, scale: scales.season) }
                    if profiled {
                        guard let profile = filter.runProfiled(observations, parameters: coefficients,
                                                               level: start.level, trend: start.trend,
                                                               seasonal: ring, responses: responses)
                        else { return ETSFilter.infeasible }
                        return ETSFilter.criterion(ETSFilter.Pass(sumOfSquares: profile.sumOfSquares, sumLogMean: 0,
                                                                  completedSteps: n), count: n)
                    }
                    var level = start.level + scales.level * x[levelIndex]
                    var trend = trendIndex >= 0 ? start.trend + scales.trend * x[trendIndex] : 0
                    let pass = filter.run(observations, parameters: coefficients, level: &level, trend: &trend,
                                          seasonal: ring, fitted: nil)
                    return ETSFilter.criterion(pass, count: n)
                }
                let steps = [Double](repeating: 1, count: dimension)
                for point in points {
                    let result = optimiser.minimize(start: encode(point, start: start, scales: scales), steps: steps,
                                                    objective: criterion)
                    evaluations += result.evaluations
                    if result.value < best.value || best.point.isEmpty { best = result }
                }
                // Restart from the optimum with a fresh, smaller simplex.
                let halfSteps = [Double](repeating: 0.5, count: dimension)
                let polished = optimiser.minimize(start: best.point, steps: halfSteps, objective: criterion)
                evaluations += polished.evaluations
                if polished.value <= best.value { best = polished }
            }
        }
        return try finish(y, start: start, scales: scales, x: best.point, evaluations: evaluations, notes: notes)
    }

    /// Typical sizes of the state coordinates, so a unit step means roughly the same to every one.
    private struct Scales {
        var level: Double
        var trend: Double
        var season: Double

        init(_ y: [Double], start: ETSInitialization.Start, multiplicativeSeason: Bool) {
            // Mean absolute one-step change: the size of a level correction the data can support.
            var total = 0.0
            for t in 1..<max(y.count, 1) { total += abs(y[t] - y[t - 1]) }
            var step = y.count > 1 ? total / Double(y.count - 1) : 0
            let magnitude = y.reduce(0) { max($0, abs($1)) }
            if !(step > 1e-9 * magnitude) { step = max(1e-9 * magnitude, 1e-12) }
            level = step
            trend = 0.1 * step
            season = multiplicativeSeason ? min(0.5, max(1e-3, step / max(abs(start.level), 1e-12))) : step
        }
    }

    @inline(__always)
    private static func logistic(_ u: Double) -> Double { 1 / (1 + exp(-u)) }

    @inline(__always)
    private static func logit(_ p: Double) -> Double {
        let clamped = min(max(p, 1e-9), 1 - 1e-9)
        return log(clamped / (1 - clamped))
    }

    /// Maps the search vector onto admissible smoothing parameters.
    @inline(__always)
    private func decodeCoefficients(_ x: UnsafeBufferPointer<Double>) -> ETSFilter.Coefficients {
        let a = Self.lowerBound
        let alpha = a + (Self.upperBound - a) * Self.logistic(x[0])
        let beta = betaIndex >= 0 ? a + (alpha - a) * Self.logistic(x[betaIndex]) : 0
        let gamma = gammaIndex >= 0 ? a + max(0, 1 - 2 * a - alpha) * Self.logistic(x[gammaIndex]) : 0
        let phi: Double
        if phiIndex >= 0 {
            phi = Self.phiRange.lowerBound + (Self.phiRange.upperBound - Self.phiRange.lowerBound) * Self.logistic(x[phiIndex])
        } else {
            phi = 1
        }
        return ETSFilter.Coefficients(alpha: alpha, beta: beta, gamma: gamma, phi: phi)
    }

    /// The search vector of a starting point.
    private func encode(_ point: StartingPoint, start: ETSInitialization.Start, scales: Scales) -> [Double] {
        var x = [Double](repeating: 0, count: dimension)
        let a = Self.lowerBound
        x[0] = Self.logit((point.alpha - a) / (Self.upperBound - a))
        let alpha = a + (Self.upperBound - a) * Self.logistic(x[0])
        if betaIndex >= 0 { x[betaIndex] = Self.logit((point.beta - a) / max(alpha - a, 1e-12)) }
        if gammaIndex >= 0 { x[gammaIndex] = Self.logit((point.gamma - a) / max(1 - 2 * a - alpha, 1e-12)) }
        if phiIndex >= 0 {
            let range = Self.phiRange
            x[phiIndex] = Self.logit((point.phi - range.lowerBound) / (range.upperBound - range.lowerBound))
        }
        if let state = point.state {
            if levelIndex >= 0 { x[levelIndex] = (state.level - start.level) / scales.level }
            if trendIndex >= 0 { x[trendIndex] = ((state.trend ?? 0) - start.trend) / scales.trend }
            if seasonalIndex >= 0 && state.seasonal.count == seasonLength {
                for k in 0..<(seasonLength - 1) {
                    x[seasonalIndex + k] = (state.seasonal[k] - start.seasonal[k]) / scales.season
                }
            }
        }
        return x
    }

    /// Writes the initial seasonal ring: the decomposition start plus the optimised offsets of the
    /// first m − 1 slots, the last slot restoring the normalisation (sum 0, or mean 1).
    @inline(__always)
    private func fillSeasonal(_ ring: UnsafeMutableBufferPointer<Double>, start: [Double],
                              x: UnsafeBufferPointer<Double>, scale: Double) {
        let m = seasonLength
        guard seasonalIndex >= 0 else {
            for k in 0..<m { ring[k] = start[k] }
            return
        }
        var total = 0.0
        for k in 0..<(m - 1) {
            let value = start[k] + scale * x[seasonalIndex + k]
            ring[k] = value
            total += value
        }
        ring[m - 1] = (spec.season == .multiplicative ? Double(m) : 0) - total
    }

    /// Runs the filter once more at the optimum, recording fitted values and states.
    private func finish(_ y: [Double], start: ETSInitialization.Start, scales: Scales, x: [Double],
                        evaluations: Int, notes: [String]) throws -> FittedETS {
        let n = y.count
        let m = seasonLength
        var fitted = [Double](repeating: .nan, count: n)
        var coefficients = ETSFilter.Coefficients(alpha: 0, beta: 0, gamma: 0, phi: 1)
        var level0 = start.level, trend0 = start.trend
        var initialSeasonal = [Double](repeating: 0, count: spec.isSeasonal ? m : 0)
        var level = level0, trend = trend0
        var finalRing = initialSeasonal
        var pass = ETSFilter.Pass(sumOfSquares: .infinity, sumLogMean: 0, completedSteps: 0)
        x.withUnsafeBufferPointer { xp in
            coefficients = decodeCoefficients(xp)
            if spec.isSeasonal {
                initialSeasonal.withUnsafeMutableBufferPointer { fillSeasonal($0, start: start.seasonal, x: xp, scale: scales.season) }
            }
            if profiled {
                // Solve once more for the initial level and trend the criterion profiled out.
                var ring = initialSeasonal
                var responses = [Double](repeating: 0, count: 2 * m)
                let profile = y.withUnsafeBufferPointer { observations in
                    ring.withUnsafeMutableBufferPointer { ringBuffer in
                        responses.withUnsafeMutableBufferPointer { responseBuffer in
                            filter.runProfiled(observations, parameters: coefficients, level: start.level,
                                               trend: start.trend, seasonal: ringBuffer, responses: responseBuffer)
                        }
                    }
                }
                level0 = start.level + (profile?.levelShift ?? 0)
                trend0 = spec.hasTrend ? start.trend + (profile?.trendShift ?? 0) : 0
            } else {
                level0 = start.level + scales.level * xp[levelIndex]
                trend0 = trendIndex >= 0 ? start.trend + scales.trend * xp[trendIndex] : 0
            }
            level = level0
            trend = trend0
            finalRing = initialSeasonal
            y.withUnsafeBufferPointer { observations in
                fitted.withUnsafeMutableBufferPointer { out in
                    finalRing.withUnsafeMutableBufferPointer { ring in
                        pass = filter.run(observations, parameters: coefficients, level: &level, trend: &trend,
                                          seasonal: ring, fitted: out.baseAddress)
                    }
                }
            }
        }
        guard pass.completedSteps == n, pass.sumOfSquares.isFinite else {
            throw ForecastError("\(spec) found no admissible parameters for this series: every candidate drives the one-step forecast, the level or a seasonal factor to zero or below, which its multiplicative component cannot take; use an additive form.")
        }
        let residuals = (0..<n).map { y[$0] - fitted[$0] }
        var finalSeasonal = [Double]()
        if spec.isSeasonal {
            finalSeasonal = (0..<m).map { finalRing[(n + $0) % m] }
        }
        let parameters = ETSParameters(alpha: coefficients.alpha,
                                       beta: spec.hasTrend ? coefficients.beta : nil,
                                       gamma: spec.isSeasonal ? coefficients.gamma : nil,
                                       phi: spec.trend == .additiveDamped ? coefficients.phi : nil)
        let p = spec.estimatedParameterCount(seasonLength: m)
        let variance = pass.sumOfSquares / Double(max(n - p, 1))
        return FittedETS(spec: spec, seasonLength: m, parameters: parameters,
                         initialState: ETSState(level: level0, trend: spec.hasTrend ? trend0 : nil, seasonal: initialSeasonal),
                         finalState: ETSState(level: level, trend: spec.hasTrend ? trend : nil, seasonal: finalSeasonal),
                         fittedValues: fitted, residuals: residuals, innovationVariance: variance,
                         logLikelihood: ETSFilter.logLikelihood(pass, count: n), observationCount: n,
                         likelihoodEvaluations: evaluations, notes: notes,
                         optimisesSeasonalStates: requestedSeasonalStateSearch)
    }
}
