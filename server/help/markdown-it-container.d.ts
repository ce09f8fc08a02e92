// markdown-it-container 4 ships no types; this is the part of its API SA Studio uses.
declare module 'markdown-it-container' {
  import type { MarkdownIt, Token } from 'markdown-it';
  interface ContainerOptions {
    validate?: (params: string, markup: string) => boolean;
    render?: (tokens: Token[], idx: number) => string;
    marker?: string;
  }
  const container: (md: MarkdownIt, name: string, options?: ContainerOptions) => void;
  export default container;
}
