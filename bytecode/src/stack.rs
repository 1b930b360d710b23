//! Stack effects of 3.11 instructions, as `dis.stack_effect` reports them.

use crate::opcode::Opcode;
