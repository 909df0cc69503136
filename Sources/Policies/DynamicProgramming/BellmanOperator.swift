import Foundation

// The Bellman operators of `InventoryMDP`, written against flat arrays.
//
// Optimisation: `(T v)(s) = min_{a, k} [G_k(y) + orderCost(a) + λ E_k v(next)]`.
// No transition matrix is built. For fixed next-pipeline `t` (the pipeline after the
// shift, which ends with the new order `a`) let `f(z) = v(z, t)`; the state's own next
// arrival is `n` (`r_1`, or `a` itself when L = 1). The expectation is then
//
//     lost sales:  H(y, n) = Σ_{d<y} p_d f(y - d + n) + P(D >= y) f(n)
//     backorders:  E(m)    = Σ_{d<m} p_d f(m - d) + P(D >= m) f(floor),  m = y + n
//
// (coordinates relative to the floor). Along a diagonal `y + n = m` the lost-sales sum
// obeys `H(y + 1, n - 1) = H(y, n) + P(D >= y + 1) [f(n - 1) - f(n)]`, so every
// (state, order, price) triple costs O(1), and under backorders the whole diagonal
// shares one expectation. Orders are enumerated only while the position stays within
// the cap, and only valid states are touched.

extension InventoryMDP {
    /// One application of the optimal Bellman operator: `out[s] = (T v)(s)` for valid
    /// `s`, with the minimising order and price level (ties go to the first found:
    /// the smaller order, then the lower price level; for L <= 1 the lower price level,
    /// then the smaller order). Invalid indices of `out` are left untouched.
    func applyBellman(
        _ v: UnsafePointer<Double>, discount: Double, out: UnsafeMutablePointer<Double>,
        orders: UnsafeMutablePointer<Int32>, levels: UnsafeMutablePointer<UInt8>
    ) {
        validStates.withUnsafeBufferPointer { valid in
            for s in valid { out[Int(s)] = .infinity }
        }
        stageCost.withUnsafeBufferPointer { stage in
            tail.withUnsafeBufferPointer { tails in
                probability.withUnsafeBufferPointer { prob in
                    orderCost.withUnsafeBufferPointer { oc in
                        let kernel = BellmanKernel(
                            space: stateSpace, levelCount: priceLevels.count, lostSales: isLostSales,
                            maxDemand: priceLevels.map(\.demand.maxValue).max() ?? 0,
                            stage: stage.baseAddress!, tail: tails.baseAddress!, probability: prob.baseAddress!,
                            orderCost: oc.baseAddress!, discount: discount)
                        switch stateSpace.leadTimePeriods {
                        case 0: kernel.leadTimeZero(v, out: out, orders: orders, levels: levels)
                        case 1: kernel.leadTimeOne(v, out: out, orders: orders, levels: levels)
                        default: kernel.longLeadTime(v, out: out, orders: orders, levels: levels)
                        }
                    }
                }
            }
        }
    }
}

/// Raw-pointer view of the model for the hot loops.
struct BellmanKernel {
    let space: MDPStateSpace
    let levelCount: Int
    let lostSales: Bool
    let maxDemand: Int
    let stage: UnsafePointer<Double>
    let tail: UnsafePointer<Double>
    let probability: UnsafePointer<Double>
    let orderCost: UnsafePointer<Double>
    let discount: Double

    /// `Σ_{d<m} p_d f[m - d] + P(D >= m) f[0]`: the expectation of `f` at `m - D`
    /// floored at index 0 (`expectationFlooredAtZero`).
    @inline(__always)
    func flooredExpectation(_ f: UnsafePointer<Double>, _ m: Int, _ p: UnsafePointer<Double>,
                            _ t: UnsafePointer<Double>) -> Double {
        expectationFlooredAtZero(f, m, maxDemand: maxDemand, p, t)
    }

    /// L = 0: state y, stock after ordering z = y + a, next y' = max(z - D, floor).
    func leadTimeZero(_ v: UnsafePointer<Double>, out: UnsafeMutablePointer<Double>,
                      orders: UnsafeMutablePointer<Int32>, levels: UnsafeMutablePointer<UInt8>) {
        let y = space.netInventoryRadix
        let maxOrder = space.maxOrderQuantity
        let expectation = UnsafeMutablePointer<Double>.allocate(capacity: y)
        defer { expectation.deallocate() }
        for k in 0..<levelCount {
            let g = stage + k * y, p = probability + k * y, t = tail + k * y
            for z in 0..<y { expectation[z] = flooredExpectation(v, z, p, t) }
            for j in 0..<y {
                let top = min(maxOrder, y - 1 - j)
                var best = out[j]
                var bestOrder = orders[j]
                var bestLevel = levels[j]
                for a in 0...top {
                    let q = g[j + a] + orderCost[a] + discount * expectation[j + a]
                    if q < best { best = q; bestOrder = Int32(a); bestLevel = UInt8(k) }
                }
                out[j] = best
                orders[j] = bestOrder
                levels[j] = bestLevel
            }
        }
    }

    /// L = 1: state y, next y' = (y - D)^+ + a (lost sales) or max(y - D + a, floor).
    func leadTimeOne(_ v: UnsafePointer<Double>, out: UnsafeMutablePointer<Double>,
                     orders: UnsafeMutablePointer<Int32>, levels: UnsafeMutablePointer<UInt8>) {
        let y = space.netInventoryRadix
        let maxOrder = space.maxOrderQuantity
        for k in 0..<levelCount {
            let g = stage + k * y, p = probability + k * y, t = tail + k * y
            let level = UInt8(k)
            // Diagonals m = j + a (index of y plus order) up to the cap.
            for m in 0..<y {
                if lostSales {
                    var h = v[m]
                    var j = 0
                    while true {
                        let a = m - j
                        if a <= maxOrder {
                            let q = g[j] + orderCost[a] + discount * h
                            if q < out[j] { out[j] = q; orders[j] = Int32(a); levels[j] = level }
                        }
                        if j == m { break }
                        j += 1
                        h += t[j] * (v[m - j] - v[m - j + 1])
                    }
                } else {
                    let e = discount * flooredExpectation(v, m, p, t)
                    for j in max(0, m - maxOrder)...m {
                        let a = m - j
                        let q = g[j] + orderCost[a] + e
                        if q < out[j] { out[j] = q; orders[j] = Int32(a); levels[j] = level }
                    }
                }
            }
        }
    }

    /// L >= 2: state (y, r_1, r_2, ..., r_{L-1}); next (y', r_2, ..., r_{L-1}, a) with
    /// y' = (y - D)^+ + r_1 (lost sales) or max(y - D + r_1, floor).
    func longLeadTime(_ v: UnsafePointer<Double>, out: UnsafeMutablePointer<Double>,
                      orders: UnsafeMutablePointer<Int32>, levels: UnsafeMutablePointer<UInt8>) {
        let y = space.netInventoryRadix
        let r = space.pipelineRadix
        let maxOrder = space.maxOrderQuantity
        let span = y - 1  // positionCap - floor: the largest (y - floor) + Σ pipeline + a
        let middle = space.pipelineLength - 1  // r_2 ... r_{L-1}
        var topPower = 1  // R^(L-2): weight of the newest slot, where a goes
        for _ in 0..<middle { topPower *= r }
        var digits = [Int](repeating: 0, count: middle)
        for a in 0...maxOrder {
            guard a <= span else { break }
            let oc = orderCost[a]
            let order = Int32(a)
            // Odometer over (r_2, ..., r_{L-1}) with Σ + a <= span.
            for i in digits.indices { digits[i] = 0 }
            var middleSum = 0
            var middleIndex = 0  // r_2 + R r_3 + ...
            while true {
                let budget = span - middleSum - a  // largest (y - floor) + r_1
                if budget >= 0 {
                    let f = v + y * (middleIndex + topPower * a)
                    let block = y * r * middleIndex
                    for k in 0..<levelCount {
                        let g = stage + k * y, p = probability + k * y, t = tail + k * y
                        let level = UInt8(k)
                        for m in 0...budget {
                            if lostSales {
                                var h = f[m]
                                var j = 0
                                while true {
                                    let n = m - j
                                    if n < r {
                                        let s = block + j + y * n
                                        let q = g[j] + oc + discount * h
                                        if q < out[s] { out[s] = q; orders[s] = order; levels[s] = level }
                                    }
                                    if j == m { break }
                                    j += 1
                                    h += t[j] * (f[m - j] - f[m - j + 1])
                                }
                            } else {
                                let e = oc + discount * flooredExpectation(f, m, p, t)
                                for j in max(0, m - (r - 1))...m {
                                    let s = block + j + y * (m - j)
                                    let q = g[j] + e
                                    if q < out[s] { out[s] = q; orders[s] = order; levels[s] = level }
                                }
                            }
                        }
                    }
                }
                // Next (r_2, ..., r_{L-1}); digits whose sum exceeds the budget are skipped
                // by resetting them (the odometer's first digit is r_2).
                var i = 0
                var weight = 1
                while i < middle {
                    if digits[i] + 1 < r, middleSum + 1 + a <= span {
                        digits[i] += 1
                        middleSum += 1
                        middleIndex += weight
                        break
                    }
                    middleSum -= digits[i]
                    middleIndex -= digits[i] * weight
                    digits[i] = 0
                    weight *= r
                    i += 1
                }
                if i == middle { break }
            }
        }
    }
}

/// `Σ_{d<m} p_d f[m - d] + P(D >= m) f[0]`: the expectation of `f` at index `m - D` floored at
/// index 0, for demand with `p[d] = P(D = d)` (zero above `maxDemand`) and `t[m] = P(D >= m)`.
/// The one inner loop of the backorder Bellman operators (`InventoryMDP`, `DualSourcingModel`).
@inline(__always)
func expectationFlooredAtZero(_ f: UnsafePointer<Double>, _ m: Int, maxDemand: Int, _ p: UnsafePointer<Double>,
                              _ t: UnsafePointer<Double>) -> Double {
    var sum = t[m] * f[0]
    let top = min(m - 1, maxDemand)
    if top >= 0 {
        for d in 0...top { sum += p[d] * f[m - d] }
    }
    return sum
}
