import Testing
@testable import AudioIO

@Suite struct SPSCQueueTests {
    @Test func firstInFirstOutAndBounded() {
        let queue = SPSCQueue<Int>(capacity: 3)
        #expect(queue.capacity == 4)
        for i in 0..<4 { #expect(queue.tryPush(i)) }
        #expect(!queue.tryPush(99))
        #expect(queue.peek() == 0)
        #expect((0..<4).map { _ in queue.tryPop() } == [0, 1, 2, 3])
        #expect(queue.tryPop() == nil)
        #expect(queue.tryPush(5) && queue.count == 1)
    }

    @Test func releasesClassElementsExactlyOnce() {
        final class Token { let onDeinit: () -> Void; init(_ f: @escaping () -> Void) { onDeinit = f }; deinit { onDeinit() } }
        var released = 0
        do {
            let queue = SPSCQueue<Token>(capacity: 4)
            queue.tryPush(Token { released += 1 })
            queue.tryPush(Token { released += 1 })
            _ = queue.tryPop()
            #expect(released == 1)
        }
        #expect(released == 2)   // the one left inside goes with the queue
    }

    @Test func twoThreadsKeepOrder() async {
        let queue = SPSCQueue<Int>(capacity: 64)
        let total = 200_000
        async let consumed: Int = Task.detached {
            var expected = 0
            var misordered = 0
            while expected < total {
                if let value = queue.tryPop() {
                    if value != expected { misordered += 1 }
                    expected += 1
                }
            }
            return misordered
        }.value
        await Task.detached {
            var next = 0
            while next < total { if queue.tryPush(next) { next += 1 } }
        }.value
        #expect(await consumed == 0)
    }
}
