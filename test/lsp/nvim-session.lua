-- Driven by test/lsp/neovim.test.ts: Neovim's built-in LSP client opens a template with cors-lint's language server,
-- waits for its diagnostics, asks for code actions at the first cors-lint finding, applies the suppression, and
-- waits for the diagnostics of the edited buffer. What it saw is written as JSON to $CORS_LINT_NVIM_OUT.
local env = vim.env
local out = {}
local published = {}
local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  table.insert(published, result)
  return default_handler(err, result, ctx, config)
end

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(out) }, env.CORS_LINT_NVIM_OUT)
  vim.cmd('qall!')
end

local function last_for(uri)
  for i = #published, 1, -1 do
    if published[i].uri == uri then return published[i], i end
  end
end

vim.cmd('edit ' .. vim.fn.fnameescape(env.CORS_LINT_TEMPLATE))
vim.bo.filetype = 'yaml'
local bufnr = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(bufnr)
local client_id = vim.lsp.start_client({
  name = 'cors-lint',
  cmd = { env.CORS_LINT_NODE, env.CORS_LINT_BIN, 'lsp', '--stdio', '--debounce', '50' },
  root_dir = vim.fn.fnamemodify(env.CORS_LINT_TEMPLATE, ':h'),
})
vim.lsp.buf_attach_client(bufnr, client_id)
out.attached = client_id ~= nil

if not vim.wait(30000, function() return last_for(uri) ~= nil end, 20) then
  out.error = 'no diagnostics'
  return finish()
end
local first, seen = last_for(uri)
out.first = first.diagnostics
out.inNeovim = #vim.diagnostic.get(bufnr)

local target
for _, d in ipairs(first.diagnostics) do
  if d.source == 'cors-lint' and d.code then target = d; break end
end
if not target then
  out.error = 'no finding to act on'
  return finish()
end
local client = vim.lsp.get_client_by_id(client_id)
local response = client.request_sync('textDocument/codeAction', {
  textDocument = { uri = uri },
  range = target.range,
  context = { diagnostics = { target } },
}, 10000, bufnr)
out.actions = {}
local chosen
for _, action in ipairs(response and response.result or {}) do
  table.insert(out.actions, action.title)
  if action.title:find('^Suppress') then chosen = chosen or action end
end
if not chosen then
  out.error = 'no suppress action'
  return finish()
end
vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
out.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)

if not vim.wait(30000, function() local _, i = last_for(uri); return i > seen end, 20) then
  out.error = 'no diagnostics after the edit'
  return finish()
end
out.after = last_for(uri).diagnostics
client.stop()
finish()
