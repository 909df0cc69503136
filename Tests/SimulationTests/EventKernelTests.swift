import Testing
@testable import Simulation

@Suite("Event kernel")
struct EventKernelTests {
    @Test("events come out by time, then priority, then scheduling order")
    func ordering() {
        var kernel = EventKernel<String>()
        kernel.schedule(at: 2, priority: 0, "late")
        kernel.schedule(at: 1, priority: 5, "b-low-priority")
        kernel.schedule(at: 1, priority: 1, "a-first-tie")
        kernel.schedule(at: 1, priority: 1, "a-second-tie")
        kernel.schedule(at: 0.5, priority: 9, "early")
        var seen: [String] = []
        while let (_, event) = kernel.next(until: 10) { seen.append(event) }
        #expect(seen == ["early", "a-first-tie", "a-second-tie", "b-low-priority", "late"])
        #expect(kernel.processedEvents == 5)
        #expect(kernel.now == 10)
    }

    @Test("ties stay stable across many equal keys")
    func stableTies() {
        var kernel = EventKernel<Int>()
        for i in 0..<1000 { kernel.schedule(at: Double(i % 3), priority: 0, i) }
        var previous: (Double, Int)? = nil
        while let (time, event) = kernel.next(until: 5) {
            if let (t, e) = previous, t == time { #expect(e < event) }
            previous = (time, event)
        }
    }

    @Test("cancelled events are never delivered")
    func cancel() {
        var kernel = EventKernel<String>()
        let doomed = kernel.schedule(at: 1, "doomed")
        kernel.schedule(at: 2, "kept")
        kernel.cancel(doomed)
        #expect(kernel.next(until: 10)?.payload == "kept")
        #expect(kernel.next(until: 10) == nil)
    }

    @Test("the horizon stops delivery and leaves later events queued")
    func horizon() {
        var kernel = EventKernel<Int>()
        kernel.schedule(at: 1, 1)
        kernel.schedule(at: 3, 3)
        #expect(kernel.next(until: 2)?.payload == 1)
        #expect(kernel.next(until: 2) == nil)
        #expect(kernel.now == 2)
        #expect(kernel.pendingCount == 1)
        kernel.schedule(after: 0.5, 2)
        #expect(kernel.next(until: 5)?.time == 2.5)
    }
}
