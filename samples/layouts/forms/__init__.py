"""The five forms of 附件2 as printed, one module each."""
