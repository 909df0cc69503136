internal import _CGSL

/// Process-wide GSL configuration that must be in place before any GSL call.
///
/// GSL's default error handler calls `abort()`. Parameters reach GSL from user-written
/// scenarios, so a bad value must surface as NaN (and then as a `DistributionError` from
/// `validate()`), never as a crashed simulator.
internal enum GSLRuntime {
    /// Touch this before calling GSL; Swift runs the initialiser exactly once, thread-safely.
    static let errorHandlerDisabled: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()

    /// Cheap after the first call (a `swift_once` fast path).
    @inline(__always)
    static func prepare() {
        _ = errorHandlerDisabled
    }
}
