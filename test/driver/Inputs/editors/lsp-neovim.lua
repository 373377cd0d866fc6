-- Neovim's own LSP client running ft-tidy lsp as docs/usage.md sets it up
-- (nvim --headless -u NONE -c 'luafile THIS' in a copy of Inputs/lsp): the
-- diagnostics of module.c as Neovim stores them (0-based line, byte
-- column), then the code actions at the first one, applied, and the file
-- written. @FT_TIDY@, @PLUGIN@ and @CLANG_TIDY@ are put in by the test.
local out = {}
local function say(s) table.insert(out, s) end
local client_id = vim.lsp.start_client({
  name = "ft-tidy",
  cmd = { "@FT_TIDY@", "lsp", "--plugin", "@PLUGIN@", "--clang-tidy", "@CLANG_TIDY@" },
  root_dir = vim.fn.getcwd(),
})
vim.cmd("edit module.c")
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)
local ok = vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 200)
say("diagnostics arrived: " .. tostring(ok))
local diags = vim.diagnostic.get(buf)
table.sort(diags, function(a, b) return a.lnum < b.lnum end)
for _, d in ipairs(diags) do
  say(string.format("%d:%d %s %s", d.lnum, d.col, d.source or "?", d.message))
end
if diags[1] then
  local d = diags[1]
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = d.lnum, character = d.col },
              ["end"] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = {} },
  }
  local res = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 30000)
  for _, r in pairs(res or {}) do
    for _, a in ipairs(r.result or {}) do
      say("action: " .. a.title)
      vim.lsp.util.apply_workspace_edit(a.edit, "utf-16")
    end
  end
  vim.cmd("write")
end
vim.fn.writefile(out, "trial.out")
vim.cmd("qa!")
