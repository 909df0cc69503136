import HeapModule

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
    struct Entry: Comparable {
        @usableFromInline let time: Double
        @usableFromInline let priority: Int32
        @usableFromInline let sequence: UInt64
        @usableFromInline let payload: Payload

        @inlinable
        init(time: Double, priority: Int32, sequence: UInt64, payload: Payload) {
            self.time = time
            self.priority = priority
            self.sequence = sequence
            self.payload = payload
        }

        @inlinable
        static func < (a: Entry, b: Entry) -> Bool {
            if a.time != b.time { return a.time < b.time }
            if a.priority != b.priority { return a.priority < b.priority }
            return a.sequence < b.sequence
        }

        @inlinable
        static func == (a: Entry, b: Entry) -> Bool { a.sequence == b.sequence }
    }

    @usableFromInline var queue: Heap<Entry>
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var cancelled: Set<UInt64> = []

    @usableFromInline var clock: Double = 0
    @usableFromInline var delivered: Int = 0

    /// Current simulation time (days in Restock's models).
    @inlinable public var now: Double { clock }
    /// Number of events delivered by `next(until:)` so far.
    @inlinable public var processedEvents: Int { delivered }

    /// Creates an empty kernel at time 0.
    @inlinable
    public init() {
        queue = Heap()
        queue.reserveCapacity(64)
    }

    /// Events scheduled and not yet delivered (including cancelled ones not yet skipped).
    @inlinable
    public var pendingCount: Int { queue.count }

    /// Schedules `payload` at an absolute time.
    /// - Parameters:
    ///   - time: when the event happens; must not be earlier than `now`.
    ///   - priority: tie-breaker at equal times, lower first.
    ///   - payload: the event.
    /// - Returns: an identifier for `cancel(_:)`.
    @inlinable
    @discardableResult
    public mutating func schedule(at time: Double, priority: Int32 = 0, _ payload: Payload) -> EventID {
        precondition(time >= now, "EventKernel: cannot schedule in the past")
        let sequence = nextSequence
        nextSequence &+= 1
        queue.insert(Entry(time: time, priority: priority, sequence: sequence, payload: payload))
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
        while let head = queue.min {
            guard head.time <= horizon else { break }
            _ = queue.removeMin()
            if !cancelled.isEmpty, cancelled.remove(head.sequence) != nil { continue }
            clock = head.time
            delivered += 1
            return (head.time, head.payload)
        }
        if clock < horizon { clock = horizon }
        return nil
    }
}
