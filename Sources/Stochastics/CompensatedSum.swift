/// A running sum with Neumaier's compensation.
///
/// Needed where many terms fall below half an ulp of the running total (the far tail of a
/// pmf), which plain addition would drop entirely.
internal struct CompensatedSum {
    private var sum = 0.0
    private var compensation = 0.0

    mutating func add(_ term: Double) {
        let next = sum + term
        // Recover the low-order bits lost in `next` from whichever operand was smaller.
        if abs(sum) >= abs(term) {
            compensation += (sum - next) + term
        } else {
            compensation += (term - next) + sum
        }
        sum = next
    }

    /// The compensated total.
    var value: Double { sum + compensation }
}
