/// How the tests were compiled. Training tests that take minutes unoptimised (PPO to within 1% of a DP
/// optimum) run only in an optimised build: the debug `swift test` skips them, and `scripts/test-training`
/// runs them in a release build, where they take seconds.
public enum BuildConfiguration {
    #if DEBUG
    /// False in a debug build.
    public static let isOptimized = false
    #else
    /// True in a release build.
    public static let isOptimized = true
    #endif
}
