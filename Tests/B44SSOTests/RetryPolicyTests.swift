import Testing
@testable import B44SSO

@Suite struct RetryPolicyTests {
    @Test func retryAfterSeconds() {
        #expect(RetryPolicy.retryAfter("1") == .seconds(1))
        #expect(RetryPolicy.retryAfter(" 120 ") == .seconds(120))
        #expect(RetryPolicy.retryAfter(nil) == nil)
        #expect(RetryPolicy.retryAfter("") == nil)
        #expect(RetryPolicy.retryAfter("soon") == nil)
    }

    @Test func retryAfterHTTPDateFormats() {
        let now = 784_111_777 - 10  // 10 s before Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryPolicy.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", nowSinceEpoch: now) == .seconds(10))
        #expect(RetryPolicy.retryAfter("Sunday, 06-Nov-94 08:49:37 GMT", nowSinceEpoch: now) == .seconds(10))
        #expect(RetryPolicy.retryAfter("Sun Nov  6 08:49:37 1994", nowSinceEpoch: now) == .seconds(10))
        // A date in the past means: retry now.
        #expect(RetryPolicy.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", nowSinceEpoch: now + 100) == .zero)
        #expect(RetryPolicy.retryAfter("Sun, 99 Nov 1994 08:49:37 GMT", nowSinceEpoch: now) == nil)
    }

    @Test func backoffStaysWithinItsCeiling() {
        let policy = RetryPolicy(maxRetries: 5)
        for retry in 0..<20 {
            let delay = policy.backoff(retry: retry)
            #expect(delay >= .zero)
            #expect(delay <= .milliseconds(min(100 << min(retry, 16), 5_000)))
        }
    }

    @Test func sleepWaits() {
        let clock = ContinuousClock()
        let start = clock.now
        Deadline.sleep(.milliseconds(200))
        #expect(start.duration(to: clock.now) >= .milliseconds(190))
    }
}

@Suite struct HeaderValueTrimmingTests {
    @Test func trimsTheLineEndOfAHeader() {
        #expect("1\r\n".trimmingSpaces == "1")
        #expect(" \t a b \r\n".trimmingSpaces == "a b")
        #expect("\r\n".trimmingSpaces == "")
    }
}
