/** Weight initialisation schemes ({@code torch.nn.init}): uniform, normal, Xavier, Kaiming, orthogonal. */
package dev.dl.nn.init;
