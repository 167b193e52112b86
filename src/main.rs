use std::process::ExitCode;

fn main() -> ExitCode {
    ketluan::cli::main_with(std::env::args_os())
}
