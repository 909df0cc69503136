import Foundation

// The optimal Bellman operator of `DualSourcingModel`, on flat arrays.
//
// `(T v)(s) = min_{q_e, q_r} [c_e q_e + c_r q_r + G(y) + E v(next)]`. The regular order only
// enters the next state's newest slot, so the minimisation splits: once the expedited order is
// chosen, what is left of the state is the stock `y` facing demand, the units `n` arriving next
// period and the rest of the pipeline `b` (with the expedited order in its slot when `le >= 2`),
// and
//
//     F(y, n, b) = min_{q_r} [c_r q_r + Σ_d p_d v(x'(y, d, n), b, q_r)]
//
// (`x' = max(y - d + n, floor)` under backorders, which depends on `y + n` only, or
// `(y - d)^+ + n` under lost sales). `T v (s) = min_{q_e} [c_e q_e + G(y) + F(y, n, b)]`. Each
// iteration first tabulates `F` (with its minimising `q_r`), then minimises over `q_e`: per state
// O(q_e choices), per `F` entry O(q_r choices × demand support).

extension DualSourcingModel {
    /// The layout of the `F` table: backorders index `(y + n - floor) + Y b`, lost sales
    /// `(y - floor) + Y (n + N b)`, where `b` is the mixed-radix index of the remaining slots.
    struct Layout {
        let y: Int
        let r: Int
        let n: Int
        let remainingSlots: Int
        let remainingCount: Int
        let newestWeight: Int
        var tableCount: Int { y * n * remainingCount }
    }

    var layout: Layout {
        let space = stateSpace
        let remaining = space.pipelineLength - 1
        var count = 1
        for _ in 0..<remaining { count *= space.pipelineRadix }
        let arrivalValues = shortage.isLostSales
            ? space.pipelineRadix + (expeditedLeadTimePeriods == 1 ? maxExpeditedOrderUnits : 0) : 1
        return Layout(y: space.netInventoryRadix, r: space.pipelineRadix, n: arrivalValues, remainingSlots: remaining,
                      remainingCount: count, newestWeight: count)
    }

    /// One application of the optimal Bellman operator: `out[s] = (T v)(s)` for valid `s`, with the
    /// minimising orders (ties go to the smaller expedited, then the smaller regular order).
    func applyBellman(
        _ v: UnsafePointer<Double>, out: UnsafeMutablePointer<Double>, expedited: UnsafeMutablePointer<Int32>,
        regular: UnsafeMutablePointer<Int32>, table: UnsafeMutablePointer<Double>, tableOrders: UnsafeMutablePointer<Int32>
    ) {
        let l = layout
        let floor = stateSpace.netInventoryFloor
        let cap = stateSpace.positionCap
        let span = cap - floor
        let lostSales = shortage.isLostSales
        let maxDemand = demand.maxValue
        let cr = regularUnitCost
        probability.withUnsafeBufferPointer { pb in
            tail.withUnsafeBufferPointer { tb in
                let p = pb.baseAddress!, t = tb.baseAddress!
                // F over the remaining slots b (odometer), then n, then y.
                var digits = [Int](repeating: 0, count: l.remainingSlots)
                var bSum = 0
                for b in 0..<l.remainingCount {
                    if b > 0 {
                        var i = 0
                        while digits[i] + 1 == l.r { bSum -= digits[i]; digits[i] = 0; i += 1 }
                        digits[i] += 1
                        bSum += 1
                    }
                    guard bSum <= span else { continue }
                    for n in 0..<l.n {
                        // Largest y - floor with y + n + Σb <= cap.
                        let top = span - bSum - n
                        guard top >= 0 else { break }
                        for j in 0...top {
                            let key = j + l.y * (n + l.n * b)
                            let room = min(maxRegularOrderUnits, top - j)
                            var best = Double.infinity
                            var bestOrder: Int32 = 0
                            for q in 0...room {
                                let f = v + l.y * (b + l.newestWeight * q)
                                let e: Double
                                if lostSales {
                                    // y = j (floor 0): Σ_{d<y} p_d f[y - d + n] + P(D >= y) f[n].
                                    var sum = t[j] * f[n]
                                    let upper = min(j - 1, maxDemand)
                                    if upper >= 0 { for d in 0...upper { sum += p[d] * f[j - d + n] } }
                                    e = sum
                                } else {
                                    e = expectationFlooredAtZero(f, j, maxDemand: maxDemand, p, t)
                                }
                                let value = cr * Double(q) + e
                                if value < best { best = value; bestOrder = Int32(q) }
                            }
                            table[key] = best
                            tableOrders[key] = Int32(bestOrder)
                        }
                    }
                }
            }
        }
        // Minimise over the expedited order in every valid state.
        let le = expeditedLeadTimePeriods
        let ce = expeditedUnitCost
        var expeditedWeight = 1  // weight of slot le - 1 of the new pipeline within b
        if le >= 2 { for _ in 0..<(le - 2) { expeditedWeight *= l.r } }
        stageCost.withUnsafeBufferPointer { g in
            for s32 in validStates {
                let s = Int(s32)
                let j = s % l.y
                let rest = s / l.y
                let a1 = rest % l.r
                let b = rest / l.r
                var position = j + floor + a1
                var restIndex = b
                for _ in 0..<l.remainingSlots { position += restIndex % l.r; restIndex /= l.r }
                var room = min(maxExpeditedOrderUnits, cap - position)
                // The expedited order shares its slot with a regular order; the slot holds at most R - 1.
                if le >= 2 { room = min(room, l.r - 1 - (b / expeditedWeight) % l.r) }
                var best = Double.infinity
                var bestE: Int32 = 0
                var bestR: Int32 = 0
                if room >= 0 {
                    for q in 0...room {
                        let stock = j + (le == 0 ? q : 0)
                        let arriving = a1 + (le == 1 ? q : 0)
                        let bIndex = b + (le >= 2 ? q * expeditedWeight : 0)
                        let key = lostSales ? stock + l.y * (arriving + l.n * bIndex) : (stock + arriving) + l.y * bIndex
                        let value = ce * Double(q) + g[stock] + table[key]
                        if value < best { best = value; bestE = Int32(q); bestR = tableOrders[key] }
                    }
                }
                out[s] = best
                expedited[s] = bestE
                regular[s] = bestR
            }
        }
    }
}
