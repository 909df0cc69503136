import Forecasting
import Foundation
import Stochastics
import Testing

/// Tests of the negative binomial (DeepAR-style) network: the likelihood against the distribution's own
/// probabilities, gradients against finite differences, sample-based forecasts against the law that made
/// the data. Networks are small and epochs few, for debug builds.
@Suite("DeepAR: negative binomial LSTM")
struct DeepARTests {
    @Test("digamma matches known values")
    func digamma() {
        let euler = 0.5772156649015329
        #expect(abs(NegativeBinomialOutput.digamma(1) + euler) < 1e-10)
        #expect(abs(NegativeBinomialOutput.digamma(0.5) - (-euler - 2 * log(2.0))) < 1e-10)
        // ψ(10) = H₉ − γ.
        let harmonic = (1...9).reduce(0.0) { $0 + 1 / Double($1) }
        #expect(abs(NegativeBinomialOutput.digamma(10) - (harmonic - euler)) < 1e-10)
        #expect(abs(NegativeBinomialOutput.digamma(0.01) - (-100.56088545786867)) < 1e-8)
    }

    @Test("the loss is −log of the negative binomial's probability, and its derivatives are the finite differences'",
          arguments: [(3.0, 0.5, 0), (3.0, 0.5, 7), (40.0, 0.05, 35), (0.4, 2.0, 1), (200.0, 0.01, 260)])
    func likelihood(mean: Double, alpha: Double, y: Int) throws {
        // first = (log m − μ)/s − level with μ = 0.3, s = 1.7, level = 0.2.
        let mu = 0.3, s = 1.7, level = 0.2
        let first = (log(mean) - mu) / s - level
        let second = NegativeBinomialOutput.output(forDispersion: alpha)
        let output = NegativeBinomialOutput(first: first, second: second, logMean: mu, logScale: s, level: level)
        #expect(abs(output.mean - mean) < 1e-9 * mean)
        #expect(abs(output.dispersion - alpha) < 1e-9)
        let pmf = try #require(Distribution.negativeBinomial(mean: mean, dispersion: 1 / alpha).pmf(y))
        let (loss, dFirst, dSecond) = output.negativeLogLikelihood(Double(y))
        #expect(abs(loss + log(pmf)) < 1e-8 * max(1, abs(loss)), "loss \(loss) vs −log pmf \(-log(pmf))")
        func lossAt(_ a: Double, _ b: Double) -> Double {
            NegativeBinomialOutput(first: a, second: b, logMean: mu, logScale: s, level: level).negativeLogLikelihood(Double(y)).loss
        }
        let h = 1e-6
        let numericFirst = (lossAt(first + h, second) - lossAt(first - h, second)) / (2 * h)
        let numericSecond = (lossAt(first, second + h) - lossAt(first, second - h)) / (2 * h)
        #expect(abs(numericFirst - dFirst) < 1e-5 * max(1, abs(dFirst)))
        #expect(abs(numericSecond - dSecond) < 1e-5 * max(1, abs(dSecond)))
    }

    /// A two-output network with a three-row embedding: every weight, and the embedding rows of the
    /// windows in the batch, get the gradient finite differences give.
    @Test("backpropagation through the likelihood and the embedding matches finite differences",
          arguments: [(SequenceEncoder.lstm, 1), (.lstm, 2), (.dilatedConvolution, 1), (.dilatedConvolution, 3)])
    func gradientCheck(encoder: SequenceEncoder, layers: Int) throws {
        let stream = RandomStream(seed: 21)
        let network = try LSTMNetwork(inputSize: 5, hiddenSize: 3, layers: layers, stream: stream, outputs: 2, embeddings: 3, embeddingSize: 2,
                                      encoder: encoder)
        var parameters = network.parameters
        // The second output starts at zero; give it weights so that its gradient path is exercised.
        for j in (network.parameterCount - 6 - 2 * (3 + 5 + 1) + (3 + 5 + 1))..<(network.parameterCount - 6) { parameters[j] = 0.3 * (2 * stream.uniform() - 1) }
        var net = network
        net.parameters = parameters
        // Five steps: the third convolution (dilation 4) reads step 0 from step 4, and zero padding before.
        let count = 3, steps = 5
        let windows = (0..<(count * steps * 5)).map { _ in 2 * stream.uniform() - 1 }
        let targets = [0.0, 4, 11]
        let scales = [LSTMWindowScale(series: 2, logMean: 1.1, logScale: 0.8, level: 0.1),
                      LSTMWindowScale(series: 0, logMean: 1.5, logScale: 0.6, level: -0.2),
                      LSTMWindowScale(series: 2, logMean: 2.0, logScale: 1.0, level: 0.3)]
        func loss(_ n: LSTMNetwork) throws -> Double {
            try n.lossAndGradient(windows: windows, targets: targets, count: count, steps: steps, likelihood: .negativeBinomial, scales: scales).loss
        }
        let (_, gradient) = try net.lossAndGradient(windows: windows, targets: targets, count: count, steps: steps,
                                                     likelihood: .negativeBinomial, scales: scales)
        var worst = 0.0, worstAt = ""
        for j in 0..<net.parameterCount {
            var plus = net, minus = net
            let h = 1e-5
            plus.parameters[j] += h
            minus.parameters[j] -= h
            let numeric = (try loss(plus) - loss(minus)) / (2 * h)
            // The floor: the likelihood is O(1–10), so central differences carry ~1e-10 of round-off.
            let error = abs(numeric - gradient[j]) / max(1e-4, abs(numeric) + abs(gradient[j]))
            if error > worst { worst = error; worstAt = "parameter \(j): numeric \(numeric), backpropagated \(gradient[j])" }
        }
        #expect(worst < 1e-5, "worst relative error \(worst) at \(worstAt)")
        // Row 1 of the embedding is in no window: its gradient is exactly zero.
        let rowOne = net.parameterCount - 6 + 2
        #expect(gradient[rowOne] == 0 && gradient[rowOne + 1] == 0)
        #expect(gradient[net.parameterCount - 6] != 0)
    }

    /// Independent negative binomial counts (mean 20 and 60, dispersion α = 0.25, i.e. Var = m + m²/4):
    /// the global network's forecast must recover each series' mean and spread, and its 80% interval
    /// must cover fresh draws about 80% of the time.
    @Test("recovers the mean and spread of negative binomial data and covers 80% of fresh draws",
          arguments: [(SequenceEncoder.lstm, 1), (.dilatedConvolution, 3)])
    func recoversNegativeBinomial(encoder: SequenceEncoder, layers: Int) throws {
        let stream = RandomStream(seed: 4)
        let means = [20.0, 60.0]
        let series = means.map { m in TimeSeries((0..<90).map { _ in Distribution.negativeBinomial(mean: m, dispersion: 4).sample(using: stream) }, seasonLength: 1) }
        let model = LSTMForecaster(layers: layers, hiddenUnits: 6, lookback: 6, epochs: 60, learningRate: 1e-2, patience: 15,
                                   likelihood: .negativeBinomial, embeddingSize: 2, samplePaths: 400, encoder: encoder)
        let fitted = try model.fitGlobal(series: series, covariates: [])
        for (index, m) in means.enumerated() {
            let forecast = fitted[index].forecast(horizon: 6)
            let sd = (m + m * m / 4).squareRoot()
            for h in 0..<6 {
                #expect(abs(forecast.mean[h] - m) < 0.2 * m, "series \(index) step \(h): mean \(forecast.mean[h]) vs \(m)")
                #expect(abs(forecast.standardDeviation[h] - sd) < 0.35 * sd, "series \(index) step \(h): sd \(forecast.standardDeviation[h]) vs \(sd)")
            }
            let samples = try #require(forecast.samples)
            #expect(samples.count == 6 && samples.allSatisfy { $0.count == 400 && $0 == $0.sorted() })
            // Coverage of fresh draws from the true law (not seen in training).
            var inside = 0, total = 0
            for h in 0..<6 {
                let lower = forecast.quantile(0.1, step: h), upper = forecast.quantile(0.9, step: h)
                for _ in 0..<200 {
                    let y = Distribution.negativeBinomial(mean: m, dispersion: 4).sample(using: stream)
                    if lower <= y && y <= upper { inside += 1 }
                    total += 1
                }
            }
            let coverage = Double(inside) / Double(total)
            #expect(coverage > 0.72 && coverage < 0.9, "series \(index): 80% interval covers \(coverage)")
        }
    }

    /// A stack of L causal convolutions with dilations 1, 2, …, 2^(L−1) sees exactly the last 2^L steps:
    /// an input earlier than that cannot move the output, and every step inside it does (through the
    /// encoder, not only through the head's linear path, which reads the last step alone).
    @Test("the convolutional encoder is causal and sees exactly its receptive field", arguments: [1, 2, 3])
    func receptiveField(layers: Int) throws {
        let stream = RandomStream(seed: 5)
        let network = try LSTMNetwork(inputSize: 3, hiddenSize: 4, layers: layers, stream: stream, outputs: 2, encoder: .dilatedConvolution)
        var net = network
        // Give the head weights on the encoder's state (the second output starts at zero).
        for j in net.parameterCount - 2 * (4 + 3 + 1)..<net.parameterCount { net.parameters[j] = 0.5 * (2 * stream.uniform() - 1) }
        let steps = 10, field = 1 << layers
        let base = (0..<(steps * 3)).map { _ in 2 * stream.uniform() - 1 }
        let reference = try net.predict(windows: base, count: 1, steps: steps)
        for step in 0..<(steps - 1) {
            var moved = base
            moved[step * 3] += 0.7
            let output = try net.predict(windows: moved, count: 1, steps: steps)
            if step < steps - field {
                #expect(output == reference, "step \(step) is outside the \(field)-step field and moved the output")
            } else {
                #expect(output[0] != reference[0] && output[1] != reference[1], "step \(step) is inside the \(field)-step field and did not move the output")
            }
        }
        #expect(throws: ForecastError.self) { try LSTMNetwork(inputSize: 3, hiddenSize: 4, layers: 9, stream: stream, encoder: .dilatedConvolution) }
        #expect(throws: ForecastError.self) { try LSTMNetwork(inputSize: 3, hiddenSize: 4, layers: 3, stream: stream, encoder: .lstm) }
    }

    /// The convolutional encoder's output, written out in the plainest way from the documented layout (per
    /// layer: `W`, `2·input × hidden`, rows for x_{t−d} then x_t, and the bias; then the head), with every
    /// step of every layer computed: the network, which computes only the steps the output depends on, agrees.
    @Test("the convolutional encoder computes the documented dilated convolutions", arguments: [2, 5])
    func convolutionMatchesReference(layers: Int) throws {
        let stream = RandomStream(seed: 8)
        let d = 3, h = 4, steps = 26, count = 2
        var net = try LSTMNetwork(inputSize: d, hiddenSize: h, layers: layers, stream: stream, outputs: 2, encoder: .dilatedConvolution)
        for j in net.parameters.indices { net.parameters[j] = 0.6 * (2 * stream.uniform() - 1) }
        let windows = (0..<(count * steps * d)).map { _ in 2 * stream.uniform() - 1 }
        let output = try net.predict(windows: windows, count: count, steps: steps)
        let p = net.parameters
        for w in 0..<count {
            var x = (0..<steps).map { t in Array(windows[((w * steps + t) * d)..<((w * steps + t + 1) * d)]) }
            var offset = 0
            for layer in 0..<layers {
                let din = x[0].count, dilation = 1 << layer
                var y = Array(repeating: Array(repeating: 0.0, count: h), count: steps)
                for t in 0..<steps {
                    for unit in 0..<h {
                        var sum = p[offset + 2 * din * h + unit]
                        for j in 0..<din {
                            if t >= dilation { sum += x[t - dilation][j] * p[offset + j * h + unit] }
                            sum += x[t][j] * p[offset + (din + j) * h + unit]
                        }
                        y[t][unit] = tanh(sum) + (layer > 0 ? x[t][unit] : 0)
                    }
                }
                offset += (2 * din + 1) * h
                x = y
            }
            let last = Array(windows[((w * steps + steps - 1) * d)..<((w * steps + steps) * d)])
            for k in 0..<2 {
                let row = offset + k * (h + d + 1)
                var expected = p[row + h + d]
                for j in 0..<h { expected += p[row + j] * x[steps - 1][j] }
                for j in 0..<d { expected += p[row + h + j] * last[j] }
                #expect(abs(output[w * 2 + k] - expected) < 1e-12 * max(1, abs(expected)), "window \(w) output \(k): \(output[w * 2 + k]) vs \(expected)")
            }
        }
    }

    @Test("forecasts are the same for the same seed and the paths feed their own draws back")
    func determinismAndPaths() throws {
        let stream = RandomStream(seed: 9)
        let series = (0..<2).map { _ in TimeSeries((0..<40).map { _ in Double(stream.poisson(mean: 8)) }, seasonLength: 1) }
        let model = LSTMForecaster(hiddenUnits: 4, lookback: 5, epochs: 5, likelihood: .negativeBinomial, embeddingSize: 2, samplePaths: 50)
        let a = try model.fitGlobal(series: series, covariates: []), b = try model.fitGlobal(series: series, covariates: [])
        #expect(a[1].forecast(horizon: 4) == b[1].forecast(horizon: 4))
        #expect(a[0].forecast(horizon: 4) != a[1].forecast(horizon: 4))
        let view = try #require(a[0] as? NegativeBinomialLSTMFitted)
        let paths = view.samplePaths(horizon: 4, future: .none, count: 3, stream: RandomStream(seed: 1))
        #expect(paths.count == 3 && paths.allSatisfy { $0.counts.count == 4 && $0.rates.count == 4 })
        #expect(paths.allSatisfy { $0.counts.allSatisfy { $0 >= 0 && $0 == $0.rounded() } })
        // Paths differ, and a path's later distributions depend on its own draws.
        #expect(paths[0].counts != paths[1].counts)
        #expect(paths[0].distributions[3].mean != paths[1].distributions[3].mean)
    }

    @Test("sample quantiles interpolate order statistics; the sample CRPS matches the normal closed form")
    func sampleForecasts() throws {
        let forecast = Forecast(mean: [2.5], standardDeviation: [1], samples: [[1, 2, 3, 4]])
        #expect(forecast.quantile(0.5, step: 0) == 2.5)
        #expect(abs(forecast.quantile(0.1, step: 0) - 1.3) < 1e-12)
        #expect(forecast.quantile(0.99, step: 0) < 4 && forecast.quantile(0.99, step: 0) > 3.9)
        // 20,001 equally spaced normal quantiles stand for N(3, 2²).
        let n = 20_001
        let draws = (0..<n).map { 3 + 2 * StandardNormal.quantile((Double($0) + 0.5) / Double(n)) }
        for y in [0.0, 3, 6.5] {
            let sample = try ForecastMetrics.crps(actual: [y], samples: [draws])
            let exact = try ForecastMetrics.crps(actual: [y], mean: [3], standardDeviation: [2])
            #expect(abs(sample - exact) < 2e-3 * exact, "y = \(y): \(sample) vs \(exact)")
        }
        // A point mass: the CRPS is the absolute error.
        #expect(try ForecastMetrics.crps(actual: [5], samples: [[2, 2, 2]]) == 3)
        #expect(throws: ForecastError.self) { try ForecastMetrics.crps(actual: [1, 2], samples: [[1]]) }
    }

    @Test("fine-tuning warm-starts from the trained weights, follows a jump in the recent history, and is deterministic")
    func fineTuning() throws {
        let stream = RandomStream(seed: 14)
        let series = (0..<2).map { _ in TimeSeries((0..<50).map { _ in Double(stream.poisson(mean: 10)) }, seasonLength: 1) }
        let model = LSTMForecaster(hiddenUnits: 4, lookback: 6, epochs: 4, likelihood: .negativeBinomial, embeddingSize: 2, samplePaths: 20)
        let view = try #require(try model.fitGlobal(series: series, covariates: [])[1] as? NegativeBinomialLSTMFitted)
        #expect(view.fineTuned(recentWindows: 8, epochs: 0).network == view.network)
        // A history that jumped to 30 a period: fine-tuning on its last windows raises the forecast.
        let jumped = TimeSeries(series[1].values + (0..<12).map { _ in Double(stream.poisson(mean: 30)) }, seasonLength: 1)
        let conditioned = try view.conditioned(on: jumped, covariates: .none, samplePaths: 50)
        let tuned = conditioned.fineTuned(recentWindows: 12, epochs: 30)
        #expect(tuned.network != view.network)
        #expect(tuned.network == conditioned.fineTuned(recentWindows: 12, epochs: 30).network)
        let before = conditioned.forecast(horizon: 3).mean.reduce(0, +), after = tuned.forecast(horizon: 3).mean.reduce(0, +)
        #expect(after > before, "fine-tuned \(after), conditioned \(before)")
    }

    @Test("errors name the SKU of a global fit, and a view refuses a history with another season length")
    func namedErrors() throws {
        let stream = RandomStream(seed: 21)
        let long = TimeSeries((0..<30).map { _ in Double(stream.poisson(mean: 6)) }, seasonLength: 1)
        let model = LSTMForecaster(hiddenUnits: 3, lookback: 4, epochs: 2, likelihood: .negativeBinomial, embeddingSize: 2, samplePaths: 10)
        let short = #expect(throws: ForecastError.self) {
            try model.fitGlobal(series: [long, TimeSeries([1, 2, 3])], covariates: [], names: ["MUG", "PAN"])
        }
        #expect(short?.message.hasPrefix("SKU 'PAN' has 3 periods") == true, "\(short?.message ?? "")")
        let negative = #expect(throws: ForecastError.self) {
            try model.fitGlobal(series: [TimeSeries(long.values + [-1]), long], covariates: [], names: ["MUG", "PAN"])
        }
        #expect(negative?.message.hasPrefix("SKU 'MUG':") == true, "\(negative?.message ?? "")")
        let view = try #require(try model.fitGlobal(series: [long, long], covariates: [])[0] as? NegativeBinomialLSTMFitted)
        let weekly = TimeSeries(long.values, seasonLength: 7)
        let season = #expect(throws: ForecastError.self) { try view.conditioned(on: weekly, covariates: .none, samplePaths: 5) }
        #expect(season?.message.contains("season of 7") == true)
        // Fine-tuning on more windows than the history has trains on all it has, without trapping.
        let tuned = view.fineTuned(recentWindows: 1_000, epochs: 1)
        #expect(tuned.forecast(horizon: 2).mean.allSatisfy { $0.isFinite && $0 >= 0 })
    }
}
