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

    /// The builtin exception class called `name`.
    pub fn by_name(name: &str) -> Option<ExcType> {
        ExcType::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// Its position in [`ExcType::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}
