//! [`ExcType`]: CPython 3.11's builtin exception classes, with their bases.

macro_rules! exc_types {
    ($($variant:ident => $base:expr;)*) => {
        /// A builtin exception class (`ValueError`), as in CPython 3.11's
        /// exception hierarchy.
        ///
        /// ```
        /// use py_fn_runtime::ExcType;
        /// assert!(ExcType::KeyError.is_subclass_of(ExcType::LookupError));
        /// assert_eq!(ExcType::by_name("ZeroDivisionError"), Some(ExcType::ZeroDivisionError));
        /// assert_eq!(ExcType::Exception.base(), Some(ExcType::BaseException));
        /// assert!(ExcType::FileNotFoundError.is_subclass_of(ExcType::OSError));
        /// assert_eq!(ExcType::by_name("IOError"), Some(ExcType::OSError));
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ExcType {
            $(
                #[doc = concat!("`", stringify!($variant), "`.")]
                $variant,
            )*
        }

        impl ExcType {
            /// Every builtin exception class, in declaration order.
            pub const ALL: &'static [ExcType] = &[$(ExcType::$variant,)*];

            /// The class's `__name__`.
            pub fn name(self) -> &'static str {
                match self {
                    $(ExcType::$variant => stringify!($variant),)*
                }
            }

            /// The base class (`None` for `BaseException`, whose base is `object`).
            pub fn base(self) -> Option<ExcType> {
                #[allow(unused_imports)]
                use ExcType::*;
                match self {
                    $(ExcType::$variant => $base,)*
                }
            }
        }
    };
}

exc_types! {
    BaseException => None;
    SystemExit => Some(BaseException);
    KeyboardInterrupt => Some(BaseException);
    GeneratorExit => Some(BaseException);
    Exception => Some(BaseException);
    StopIteration => Some(Exception);
    ArithmeticError => Some(Exception);
    FloatingPointError => Some(ArithmeticError);
    OverflowError => Some(ArithmeticError);
    ZeroDivisionError => Some(ArithmeticError);
    AssertionError => Some(Exception);
    AttributeError => Some(Exception);
    ImportError => Some(Exception);
    ModuleNotFoundError => Some(ImportError);
    LookupError => Some(Exception);
    IndexError => Some(LookupError);
    KeyError => Some(LookupError);
    MemoryError => Some(Exception);
    NameError => Some(Exception);
    UnboundLocalError => Some(NameError);
    RuntimeError => Some(Exception);
    NotImplementedError => Some(RuntimeError);
    RecursionError => Some(RuntimeError);
    SystemError => Some(Exception);
    TypeError => Some(Exception);
    ValueError => Some(Exception);
    UnicodeError => Some(ValueError);
    UnicodeDecodeError => Some(UnicodeError);
    UnicodeEncodeError => Some(UnicodeError);
    UnicodeTranslateError => Some(UnicodeError);
    StopAsyncIteration => Some(Exception);
    BufferError => Some(Exception);
    EOFError => Some(Exception);
    ReferenceError => Some(Exception);
    SyntaxError => Some(Exception);
    IndentationError => Some(SyntaxError);
    TabError => Some(IndentationError);
    OSError => Some(Exception);
    BlockingIOError => Some(OSError);
    ChildProcessError => Some(OSError);
    ConnectionError => Some(OSError);
    BrokenPipeError => Some(ConnectionError);
    ConnectionAbortedError => Some(ConnectionError);
    ConnectionRefusedError => Some(ConnectionError);
    ConnectionResetError => Some(ConnectionError);
    FileExistsError => Some(OSError);
    FileNotFoundError => Some(OSError);
    InterruptedError => Some(OSError);
    IsADirectoryError => Some(OSError);
    NotADirectoryError => Some(OSError);
    PermissionError => Some(OSError);
    ProcessLookupError => Some(OSError);
    TimeoutError => Some(OSError);
    Warning => Some(Exception);
    BytesWarning => Some(Warning);
    DeprecationWarning => Some(Warning);
    EncodingWarning => Some(Warning);
    FutureWarning => Some(Warning);
    ImportWarning => Some(Warning);
    PendingDeprecationWarning => Some(Warning);
    ResourceWarning => Some(Warning);
    RuntimeWarning => Some(Warning);
    SyntaxWarning => Some(Warning);
    UnicodeWarning => Some(Warning);
    UserWarning => Some(Warning);
}
impl ExcType {
    /// `issubclass(self, other)`.
    pub fn is_subclass_of(self, other: ExcType) -> bool {
        let mut t = Some(self);
        while let Some(k) = t {
            if k == other {
                return true;
            }
            t = k.base();
        }
        false
    }

    /// The builtin exception class called `name` in the builtins
    /// namespace, aliases included (`IOError` and `EnvironmentError` are
    /// `OSError`).
    pub fn by_name(name: &str) -> Option<ExcType> {
        match name {
            "IOError" | "EnvironmentError" => Some(ExcType::OSError),
            _ => ExcType::ALL.iter().copied().find(|t| t.name() == name),
        }
    }

    /// The subclass `OSError(errno, strerror)` makes for `errno`
    /// (CPython's `errnomap`, with Linux's numbers): `OSError(2, 'x')` is a
    /// `FileNotFoundError`.
    ///
    /// ```
    /// use py_fn_runtime::ExcType;
    /// assert_eq!(ExcType::for_errno(2), Some(ExcType::FileNotFoundError));
    /// assert_eq!(ExcType::for_errno(35), None);
    /// ```
    pub fn for_errno(errno: i64) -> Option<ExcType> {
        use ExcType::*;
        Some(match errno {
            11 | 114 | 115 => BlockingIOError,
            10 => ChildProcessError,
            32 | 108 => BrokenPipeError,
            103 => ConnectionAbortedError,
            111 => ConnectionRefusedError,
            104 => ConnectionResetError,
            17 => FileExistsError,
            2 => FileNotFoundError,
            21 => IsADirectoryError,
            20 => NotADirectoryError,
            4 => InterruptedError,
            1 | 13 => PermissionError,
            3 => ProcessLookupError,
            110 => TimeoutError,
            _ => return None,
        })
    }

    /// Its position in [`ExcType::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}
