-- Neovim with clangd and ft-tidy lsp attached to the same buffer, as
-- docs/usage.md sets them up: ft-tidy's findings and quick fix, clangd's
-- hover, both on module.c. @FT_TIDY@, @PLUGIN@, @CLANG_TIDY@ and @CLANGD@
-- are put in by the test (clangd reads the flags from compile_flags.txt).
local out = {}
local function say(s) table.insert(out, s) end
local ft = vim.lsp.start_client({ name = "ft-tidy", root_dir = vim.fn.getcwd(),
  cmd = { "@FT_TIDY@", "lsp", "--plugin", "@PLUGIN@", "--clang-tidy", "@CLANG_TIDY@" } })
local clangd = vim.lsp.start_client({ name = "clangd", cmd = { "@CLANGD@" }, root_dir = vim.fn.getcwd() })
vim.cmd("edit module.c")
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, ft)
vim.lsp.buf_attach_client(buf, clangd)
vim.wait(60000, function() return #vim.diagnostic.get(buf) >= 2 end, 200)
local names = {}
for _, c in ipairs(vim.lsp.get_active_clients()) do table.insert(names, c.name) end
table.sort(names)
say("clients: " .. table.concat(names, " "))
local diags = vim.diagnostic.get(buf)
table.sort(diags, function(a, b) return a.lnum < b.lnum end)
for _, d in ipairs(diags) do say(string.format("%d:%d %s", d.lnum, d.col, d.source or "?")) end
local uri = vim.uri_from_bufnr(buf)
-- Hover on PyList_GET_SIZE (line 9): clangd answers; ft-tidy has no hover.
local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover",
  { textDocument = { uri = uri }, position = { line = 8, character = 18 } }, 20000)
for id, r in pairs(hover or {}) do
  local text = r.result and r.result.contents and r.result.contents.value
  if text then say("hover from " .. vim.lsp.get_client_by_id(id).name .. ": " .. text:match("[^\n]*")) end
end
local d = diags[1]
local actions = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", { textDocument = { uri = uri },
  range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } },
  context = { diagnostics = {} } }, 20000)
for id, r in pairs(actions or {}) do
  for _, a in ipairs(r.result or {}) do say("action from " .. vim.lsp.get_client_by_id(id).name .. ": " .. a.title) end
end
vim.fn.writefile(out, "trial.out")
vim.cmd("qa!")
