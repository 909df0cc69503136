/// Identifies a scheduled event so it can be cancelled.
public struct EventID: Hashable, Sendable {
    /// The event's sequence number: unique within one kernel.
    public let sequence: UInt64

    /// Wraps a sequence number.
    @inlinable
    public init(sequence: UInt64) { self.sequence = sequence }
}

/// A minimal discrete-event kernel: a clock and a queue of pending events.
///
/// Events are ordered by `(time, priority, sequence)`. A binary heap alone is not stable, so the
/// sequence number (the order of scheduling) breaks ties: two runs that schedule the same events
/// process them in the same order. Lower priority values run first at equal times.
///
/// The queue is a plain binary min-heap (Williams 1964) with hole-moving sift operations, kept here
/// rather than swift-collections' min-max `Heap` because the kernel only ever needs the minimum and
/// the sifts are the simulator's hottest code; priority and sequence share one 64-bit key.
///
/// The kernel knows nothing about inventory; `Payload` is whatever the model needs to dispatch on.
/// Like SimPy's core, it only keeps time; the model drives it:
///
/// ```swift
/// var kernel = EventKernel<String>()
/// kernel.schedule(at: 2.0, "reorder")
/// kernel.schedule(at: 1.0, "customer")
/// while let (time, event) = kernel.next(until: 10) { print(time, event) }   // customer, then reorder
/// ```
///
/// - Complexity: `schedule` and `next` are O(log n) in the number of pending events; `cancel` is O(1)
///   (cancelled events are skipped when they reach the front of the queue).
public struct EventKernel<Payload> {
    @usableFromInline
    struct Entry {
        @usableFromInline let time: Double
        /// Priority in the top 16 bits (offset so negative priorities sort first), sequence below.
        @usableFromInline let order: UInt64
        @usableFromInline let payload: Payload

        @inlinable
        init(time: Double, order: UInt64, payload: Payload) {
            self.time = time
            self.order = order
            self.payload = payload
        }

        @inlinable @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && order < other.order)
        }

        @inlinable
        var sequence: UInt64 { order & EventKernel.sequenceMask }
    }

    @usableFromInline static var sequenceMask: UInt64 { (1 << 48) - 1 }

    @usableFromInline var heap: [Entry] = []
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelled: Set<UInt64> = []
    @usableFromInline var clock: Double = 0
    @usableFromInline var delivered: Int = 0
    /// The root was delivered but left in place: a model usually schedules a successor right away
    /// (the next customer), which then replaces the root with one sift-down instead of a pop and a push.
    @usableFromInline var rootDelivered = false

    /// Current simulation time (days in Restock's models).
    @inlinable public var now: Double { clock }
    /// Number of events delivered by `next(until:)` so far.
    @inlinable public var processedEvents: Int { delivered }

    /// Creates an empty kernel at time 0.
    @inlinable
    public init() {
        heap.reserveCapacity(64)
    }

    /// Events scheduled and not yet delivered (including cancelled ones not yet skipped).
    @inlinable
    public var pendingCount: Int { heap.count - (rootDelivered ? 1 : 0) }

    /// Schedules `payload` at an absolute time.
    /// - Parameters:
    ///   - time: when the event happens; must not be earlier than `now`.
    ///   - priority: tie-breaker at equal times, lower first; clamped to −32768…32767.
    ///   - payload: the event.
    /// - Returns: an identifier for `cancel(_:)`.
    @inlinable
    @discardableResult
    public mutating func schedule(at time: Double, priority: Int32 = 0, _ payload: Payload) -> EventID {
        precondition(time >= clock, "EventKernel: cannot schedule in the past")
        let sequence = nextSequence
        nextSequence &+= 1
        let rank = UInt64(min(max(Int(priority), -0x8000), 0x7FFF) + 0x8000)
        push(Entry(time: time, order: rank << 48 | (sequence & Self.sequenceMask), payload: payload))
        return EventID(sequence: sequence)
    }

    /// Schedules `payload` after a delay from `now`.
    /// - Parameters:
    ///   - delay: non-negative delay.
    ///   - priority: tie-breaker at equal times, lower first.
    ///   - payload: the event.
    /// - Returns: an identifier for `cancel(_:)`.
    @inlinable
    @discardableResult
    public mutating func schedule(after delay: Double, priority: Int32 = 0, _ payload: Payload) -> EventID {
        schedule(at: now + delay, priority: priority, payload)
    }

    /// Cancels a pending event; cancelling an event already delivered has no effect.
    /// - Parameter id: the identifier returned by `schedule`.
    @inlinable
    public mutating func cancel(_ id: EventID) {
        if id.sequence < nextSequence { cancelled.insert(id.sequence) }
    }

    /// Removes and returns the next event at or before `horizon`, advancing the clock to its time.
    /// - Parameter horizon: last time to deliver; later events stay queued and the clock moves to
    ///   `horizon` once none is left before it.
    /// - Returns: the event's time and payload, or `nil` when nothing is due by `horizon`.
    @inlinable
    public mutating func next(until horizon: Double) -> (time: Double, payload: Payload)? {
        if rootDelivered {
            rootDelivered = false
            popFirst()
        }
        while let head = heap.first, head.time <= horizon {
            if !cancelled.isEmpty, cancelled.remove(head.sequence) != nil {
                popFirst()
                continue
            }
            rootDelivered = true
            clock = head.time
            delivered += 1
            return (head.time, head.payload)
        }
        if clock < horizon { clock = horizon }
        return nil
    }

    /// Inserts by moving a hole up from the end: one write per level instead of a swap.
    @inlinable
    mutating func push(_ entry: Entry) {
        if rootDelivered {
            rootDelivered = false
            siftDown(entry)
            return
        }
        heap.append(entry)
        heap.withUnsafeMutableBufferPointer { h in
            var hole = h.count - 1
            while hole > 0 {
                let parent = (hole - 1) >> 1
                guard entry.precedes(h[parent]) else { break }
                h[hole] = h[parent]
                hole = parent
            }
            h[hole] = entry
        }
    }

    /// Removes the minimum by sifting the last entry down from the root.
    @inlinable
    mutating func popFirst() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        siftDown(last)
    }

    /// Puts `entry` in place of the root and restores the heap order below it.
    @inlinable
    mutating func siftDown(_ last: Entry) {
        heap.withUnsafeMutableBufferPointer { h in
            let count = h.count
            var hole = 0
            while true {
                var child = 2 * hole + 1
                guard child < count else { break }
                if child + 1 < count, h[child + 1].precedes(h[child]) { child += 1 }
                guard h[child].precedes(last) else { break }
                h[hole] = h[child]
                hole = child
            }
            h[hole] = last
        }
    }
}
